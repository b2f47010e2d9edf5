pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// One row of GOV.UK's summary list (design-system.service.gov.uk/components/summary-list), as
// "Check your answers" shows it: what was asked, the answer, any problem with it, and a
// Change link that goes back to the question.
Rectangle {
    id: summaryRow
    property string label
    property string answer
    property var problems: []
    signal change()

    Layout.fillWidth: true
    implicitHeight: row.implicitHeight + 2 * Theme.gap
    color: problems.length > 0 ? Theme.dangerBg : Theme.cardBg
    border.color: problems.length > 0 ? Theme.danger : Theme.divider
    radius: Theme.radius

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Label {
                Layout.fillWidth: true
                text: summaryRow.label
                font.pixelSize: Theme.small
                font.bold: true
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: summaryRow.answer !== "" ? summaryRow.answer : qsTr("Not answered")
                font.pixelSize: Theme.body
                color: Theme.text
                wrapMode: Text.Wrap
            }
            Repeater {
                model: summaryRow.problems
                delegate: Label {
                    required property string modelData
                    Layout.fillWidth: true
                    text: "⚠ " + modelData
                    color: Theme.danger
                    font.pixelSize: Theme.body
                    wrapMode: Text.Wrap
                }
            }
        }
        Button {
            objectName: summaryRow.objectName === "" ? "" : "change_" + summaryRow.objectName
            text: qsTr("Change")
            flat: true
            font.pixelSize: Theme.body
            font.underline: true
            Layout.minimumHeight: Theme.touch
            Accessible.role: Accessible.Link
            Accessible.name: qsTr("Change: %1").arg(summaryRow.label)
            onClicked: summaryRow.change()
        }
    }
}
