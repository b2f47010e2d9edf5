import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// One visit on Today: when, who, where, how far, its status in words, and the resident's
// case number, contact needs, vulnerabilities and address risk markers at a glance. With a
// heading, the day's name over its first visit.
Column {
    id: card
    required property string visitId
    required property string caseId
    required property string caseNumber
    required property string residentName
    required property string address
    required property string postcode
    required property string timeText
    // The lone-working timer of a visit under way ("" otherwise).
    required property string timerText
    required property string lateText
    required property int status
    required property string statusText
    required property string purpose
    required property string distanceText
    required property var needs
    required property var vulnerabilities
    required property var risks
    signal openCase()
    signal openVisit()

    // Status values from casework.proto: 3 in progress, 4 overdue, 5 completed, 6 no access,
    // 7 cancelled, 8 alert.
    readonly property bool finished: status >= 5 && status <= 7
    readonly property bool started: status === 3 || status === 4 || status === 8
    readonly property bool danger: status === 4 || status === 8

    // The day, over the first of its visits. A ListView's section headings are items apart
    // from its rows, made in no set order, so a screen reader can read "Tomorrow" after
    // tomorrow's first visit; a heading in the row is read where it shows.
    property string heading

    spacing: 0

    Label {
        objectName: "dayHeading"
        visible: card.heading !== ""
        width: card.width
        text: card.heading
        font.pixelSize: Theme.heading
        font.bold: true
        color: Theme.primary
        wrapMode: Text.Wrap
        topPadding: Theme.gap
        bottomPadding: Theme.gap
        Accessible.role: Accessible.Heading
    }

    Rectangle {
        width: card.width
        implicitHeight: content.implicitHeight + 2 * Theme.margin
        radius: Theme.radius
        color: Theme.cardBg
        border.color: card.status === 4 ? Theme.danger : Theme.divider
        border.width: card.status === 4 ? 2 : 1

        ColumnLayout {
            id: content
            anchors.fill: parent
            anchors.margins: Theme.margin
            spacing: 6
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.gap
                Label {
                    text: card.timeText
                    font.pixelSize: Theme.heading
                    font.bold: true
                    color: Theme.text
                }
                Label {
                    Layout.fillWidth: true
                    text: card.residentName
                    font.pixelSize: Theme.heading
                    color: Theme.text
                    wrapMode: Text.Wrap
                }
                Rectangle {
                    radius: Theme.radius
                    color: card.danger ? Theme.dangerBg : Theme.pageBg
                    border.color: card.danger ? Theme.danger : Theme.divider
                    implicitWidth: statusLabel.implicitWidth + 16
                    implicitHeight: statusLabel.implicitHeight + 8
                    Label {
                        id: statusLabel
                        objectName: "visitStatus"
                        anchors.centerIn: parent
                        text: (card.danger ? "⚠ " : "") + card.statusText
                        font.pixelSize: Theme.small
                        font.bold: true
                        color: card.danger ? Theme.danger : Theme.text
                    }
                }
            }
            Label {
                objectName: "visitTimer"
                visible: card.timerText !== ""
                Layout.fillWidth: true
                text: card.timerText
                font.pixelSize: Theme.body
                font.bold: true
                color: card.danger ? Theme.danger : Theme.text
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "visitLate"
                visible: card.lateText !== ""
                Layout.fillWidth: true
                text: "⚠ " + card.lateText
                font.pixelSize: Theme.body
                font.bold: true
                color: Theme.accent
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: card.address + (card.postcode !== "" ? ", " + card.postcode : "") + "  ·  " + card.distanceText
                font.pixelSize: Theme.body
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                visible: card.purpose !== ""
                text: card.purpose
                font.pixelSize: Theme.body
                color: Theme.text
                wrapMode: Text.Wrap
            }
            ResidentFacts {
                Layout.fillWidth: true
                caseNumber: card.caseNumber
                needs: card.needs
                vulnerabilities: card.vulnerabilities
                risks: card.risks
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.gap
                Item { Layout.fillWidth: true }
                Button {
                    objectName: "openCase"
                    text: qsTr("Case")
                    flat: true
                    font.pixelSize: Theme.body
                    Layout.minimumHeight: Theme.touch
                    Accessible.name: qsTr("Open the case of %1").arg(card.residentName)
                    onClicked: card.openCase()
                }
                Button {
                    objectName: "openVisit"
                    visible: !card.finished
                    text: card.started ? qsTr("Continue visit") : qsTr("Start visit")
                    highlighted: true
                    font.pixelSize: Theme.body
                    Layout.minimumHeight: Theme.touch
                    Accessible.name: (card.started ? qsTr("Continue the visit to %1")
                                                   : qsTr("Start the visit to %1")).arg(card.residentName)
                    onClicked: card.openVisit()
                }
            }
        }
    }
}
