import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// One visit on the live board. An overdue one shows where and when the officer was last seen
// and who acknowledged it; until someone does, it asks for an acknowledgement.
Rectangle {
    id: card
    required property var row
    // The AppController: times are the council's clock.
    required property var app
    signal acknowledge(string action)
    signal reassign()

    readonly property bool overdue: row.column === "overdue"
    implicitHeight: content.implicitHeight + 2 * Theme.gap
    radius: Theme.radius
    color: overdue && !row.acknowledged ? Theme.dangerBg : Theme.cardBg
    border.color: overdue ? Theme.danger : Theme.divider
    border.width: overdue ? 2 : 1

    ColumnLayout {
        id: content
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: 4
        Label {
            Layout.fillWidth: true
            text: card.app.when(card.row.windowStart, "HH:mm") + "–" + card.app.when(card.row.windowEnd, "HH:mm")
                  + "  " + card.row.residentName
            font.pixelSize: Theme.body
            font.bold: true
            color: Theme.text
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            text: card.row.officerName + " · " + card.row.caseNumber
            font.pixelSize: Theme.small
            color: Theme.muted
            wrapMode: Text.Wrap
        }
        Label {
            visible: card.overdue
            Layout.fillWidth: true
            text: card.overdue ? qsTr("Overdue since %1").arg(card.app.when(card.row.overdueSince, "HH:mm ddd d MMM")) : ""
            font.pixelSize: Theme.small
            font.bold: true
            color: Theme.danger
            wrapMode: Text.Wrap
        }
        Label {
            visible: card.overdue
            Layout.fillWidth: true
            text: card.row.hasLastPosition
                  ? qsTr("Last seen %1 at %2, %3").arg(card.app.when(card.row.lastSeenAt, "HH:mm"))
                        .arg(Number(card.row.lastLatitude).toFixed(5)).arg(Number(card.row.lastLongitude).toFixed(5))
                  : qsTr("No position recorded")
            font.pixelSize: Theme.small
            color: Theme.text
            wrapMode: Text.Wrap
        }
        Label {
            visible: card.overdue && card.row.acknowledged
            Layout.fillWidth: true
            text: card.row.acknowledged
                  ? qsTr("Acknowledged by %1 at %2: %3").arg(card.row.acknowledgedBy)
                    .arg(card.app.when(card.row.acknowledgedAt, "HH:mm")).arg(card.row.acknowledgement)
                  : ""
            font.pixelSize: Theme.small
            color: Theme.text
            wrapMode: Text.Wrap
        }
        ColumnLayout {
            visible: card.overdue && !card.row.acknowledged
            Layout.fillWidth: true
            TextField {
                id: action
                Layout.minimumHeight: Theme.touch
                Layout.fillWidth: true
                placeholderText: qsTr("What are you doing about it?")
                font.pixelSize: Theme.small
                Accessible.name: qsTr("What are you doing about it?")
            }
            Button {
                Accessible.name: qsTr("Acknowledge")
                objectName: "acknowledge_" + card.row.visitId
                text: qsTr("Acknowledge")
                highlighted: true
                font.pixelSize: Theme.small
                onClicked: card.acknowledge(action.text)
            }
        }
        Button {
            Accessible.name: qsTr("Reassign or move")
            visible: card.row.column === "scheduled"
            text: qsTr("Reassign or move")
            flat: true
            font.pixelSize: Theme.small
            onClicked: card.reassign()
        }
    }
}
