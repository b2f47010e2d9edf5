pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// The GOV.UK error summary (design-system.service.gov.uk/components/error-summary): shown at
// the top of a page when what was entered cannot be taken, headed "There is a problem", with
// each problem a link that takes the person to the answer it is about (`chosen`). A screen
// reader hears it as soon as it appears.
Rectangle {
    id: summary
    property var problems: []
    signal chosen(int index)
    visible: problems.length > 0
    implicitHeight: column.implicitHeight + 2 * Theme.margin
    color: Theme.cardBg
    border.color: Theme.danger
    border.width: 4
    radius: Theme.radius
    activeFocusOnTab: true
    Accessible.role: Accessible.AlertMessage
    Accessible.name: qsTr("There is a problem. %1").arg(problems.join(". "))

    // Said aloud when the problems appear or change, as a browser's role="alert" would be;
    // not again while they stay the same (the list is rebuilt at every keystroke).
    readonly property string words: problems.length > 0
                                    ? qsTr("There is a problem. %1").arg(problems.join(". ")) : ""
    property string said
    onWordsChanged: {
        if (words !== "" && words !== said)
            Announcer.say(summary, words)
        said = words
    }

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.gap / 2
        Label {
            Layout.fillWidth: true
            text: qsTr("There is a problem")
            font.pixelSize: Theme.heading
            font.bold: true
            color: Theme.text
            wrapMode: Text.Wrap
            Accessible.role: Accessible.Heading
        }
        Repeater {
            model: summary.problems
            delegate: Button {
                id: link
                required property string modelData
                required property int index
                objectName: "errorLink"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch
                flat: true
                text: modelData
                font.pixelSize: Theme.body
                font.underline: true
                font.bold: true
                Accessible.role: Accessible.Link
                Accessible.name: modelData
                contentItem: Label {
                    text: link.text
                    font: link.font
                    color: Theme.danger
                    wrapMode: Text.Wrap
                    verticalAlignment: Text.AlignVCenter
                }
                onClicked: summary.chosen(link.index)
            }
        }
    }
}
