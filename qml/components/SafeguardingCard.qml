pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// One safeguarding concern an officer raised, and what has been done about it: who has it,
// each action with who and when, and who closed it. While open, a coordinator assigns it,
// records actions and closes it.
Rectangle {
    id: card
    required property var app
    required property string eventId
    required property string caseId
    required property string caseNumber
    required property string residentName
    required property string raisedBy
    required property var raisedAt
    required property string details
    required property string assignee
    required property string assigneeId
    required property var steps
    required property bool closed
    // The staff a concern can be given to: [{id, name}].
    property var staff: []
    signal assign(string userId)
    signal recordAction(string text)
    signal closeConcern(string text)

    implicitHeight: column.implicitHeight + 2 * Theme.margin
    radius: Theme.radius
    color: closed ? Theme.cardBg : Theme.dangerBg
    border.color: closed ? Theme.divider : Theme.danger
    border.width: closed ? 1 : 2

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: 6
        Label {
            Layout.fillWidth: true
            text: card.residentName + " · " + card.caseNumber
            font.pixelSize: Theme.heading
            font.bold: true
            wrapMode: Text.Wrap
            color: Theme.text
            Accessible.role: Accessible.Heading
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Raised by %1 at %2: %3").arg(card.raisedBy)
                    .arg(card.app.when(card.raisedAt, "HH:mm ddd d MMM")).arg(card.details)
            wrapMode: Text.Wrap
            font.pixelSize: Theme.body
            color: Theme.text
        }
        Label {
            Layout.fillWidth: true
            text: card.closed ? qsTr("Closed")
                  : card.assignee !== "" ? qsTr("Open, with %1").arg(card.assignee)
                  : qsTr("Open, not yet assigned")
            font.pixelSize: Theme.body
            font.bold: true
            color: card.closed ? Theme.muted : Theme.danger
        }
        Repeater {
            model: card.steps
            delegate: Label {
                required property var modelData
                Layout.fillWidth: true
                text: qsTr("%1, %2: %3").arg(card.app.when(modelData.at, "HH:mm ddd d MMM"))
                        .arg(modelData.by).arg(modelData.text)
                wrapMode: Text.Wrap
                font.pixelSize: Theme.small
                color: Theme.text
            }
        }
        RowLayout {
            visible: !card.closed
            Layout.fillWidth: true
            spacing: Theme.gap
            Choices {
                id: who
                objectName: "assignee_" + card.eventId
                Layout.fillWidth: true
                model: card.staff
                textRole: "name"
                valueRole: "id"
                // An unassigned concern says "Choose who" until someone is chosen (a ComboBox
                // shows its first name on its own once its list arrives).
                property bool chosen: false
                onActivated: chosen = true
                currentIndex: count > 0 ? indexOfValue(card.assigneeId) : -1
                displayText: chosen || card.assigneeId !== "" ? currentText : qsTr("Choose who")
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Who takes the concern")
            }
            Button {
                objectName: "assign_" + card.eventId
                text: qsTr("Assign")
                enabled: who.chosen && who.currentIndex >= 0 && who.currentValue !== card.assigneeId
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Assign the concern")
                onClicked: card.assign(who.currentValue)
            }
        }
        Label {
            Layout.fillWidth: true
            visible: action.visible
            text: qsTr("What was done, or what closes it")
            font.pixelSize: Theme.body
            color: Theme.text
            wrapMode: Text.Wrap
        }
        TextField {
            id: action
            objectName: "action_" + card.eventId
            visible: !card.closed
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch
            font.pixelSize: Theme.body
            Accessible.name: qsTr("What was done")
        }
        RowLayout {
            visible: !card.closed
            spacing: Theme.gap
            Button {
                objectName: "recordAction_" + card.eventId
                text: qsTr("Record action")
                enabled: action.text.trim() !== ""
                font.pixelSize: Theme.body
                Accessible.name: text
                onClicked: { card.recordAction(action.text); action.text = "" }
            }
            Button {
                objectName: "closeConcern_" + card.eventId
                text: qsTr("Close the concern")
                enabled: action.text.trim() !== ""
                font.pixelSize: Theme.body
                Accessible.name: text
                onClicked: { card.closeConcern(action.text); action.text = "" }
            }
        }
    }
}
