import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// One visit on the live board. An overdue one shows the visit's address, where and when the
// officer was last seen, the officer's phone, the council's escalation steps and who
// acknowledged it; until someone does, it asks for an acknowledgement. A lone-working
// alert outranks everything: the officer, the address, the time and place of the alert, the
// officer's phone one tap away, the council's escalation steps, and the three answers
// (acknowledge, officer safe and close, escalated to whom), each recorded with who and when.
// A visit out in the field shows its lone-working timer.
Rectangle {
    id: card
    required property var row
    // The AppController: times are the council's clock.
    required property var app
    signal acknowledge(string action)
    // DeskActions.AlertAnswer: 1 acknowledged, 2 officer safe, 3 escalated (to `text`).
    signal answerAlert(int answer, string text)
    signal reassign()

    readonly property bool alert: row.column === "alert"
    readonly property bool overdue: row.column === "overdue" || alert
    readonly property string until: card.app.when(card.row.deadline, "HH:mm")
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
            text: [card.row.officerName, card.row.caseNumber, card.row.postcode]
                  .filter(function(s) { return s !== undefined && s !== "" }).join(" · ")
            font.pixelSize: Theme.small
            color: Theme.muted
            wrapMode: Text.Wrap
        }
        Label {
            // How to reach the resident: said on the card, before anyone rings.
            visible: card.row.contactNeeds !== undefined && card.row.contactNeeds !== ""
            Layout.fillWidth: true
            text: qsTr("Contact needs: %1").arg(card.row.contactNeeds)
            font.pixelSize: Theme.small
            color: Theme.text
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "alertBanner"
            visible: card.alert
            Layout.fillWidth: true
            text: card.alert ? qsTr("⚠ ALERT from %1 at %2").arg(card.row.officerName)
                                   .arg(card.app.when(card.row.alertRaisedAt, "HH:mm")) : ""
            font.pixelSize: Theme.heading
            font.bold: true
            color: Theme.danger
            wrapMode: Text.Wrap
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
        Label {
            objectName: "boardTimer_" + card.row.visitId
            // Where to send help: the visit's address, on every card of a visit out or overdue.
            visible: card.overdue || card.row.column === "in_progress" || card.row.column === "en_route"
            Layout.fillWidth: true
            text: card.row.address + (card.until !== "" ? qsTr(" · timer until %1").arg(card.until) : "")
            font.pixelSize: Theme.small
            color: Theme.text
            wrapMode: Text.Wrap
        }
        WrapButton {
            objectName: "callOfficer_" + card.row.visitId
            visible: card.overdue && card.row.officerPhone !== ""
            text: qsTr("Call %1: %2").arg(card.row.officerName).arg(card.row.officerPhone)
            font.pixelSize: Theme.small
            Accessible.name: text
            onClicked: Qt.openUrlExternally("tel:" + card.row.officerPhone.replace(/ /g, ""))
        }
        Label {
            visible: card.overdue && card.app.escalationSteps !== ""
            Layout.fillWidth: true
            text: qsTr("Escalation steps: %1").arg(card.app.escalationSteps)
            font.pixelSize: Theme.small
            color: Theme.text
            wrapMode: Text.Wrap
        }
        Label {
            visible: card.alert && card.row.alertEscalatedAt !== undefined
                     && card.app.when(card.row.alertEscalatedAt, "HH:mm") !== ""
            Layout.fillWidth: true
            text: qsTr("Not acknowledged in time: the escalation contacts were told at %1")
                    .arg(card.app.when(card.row.alertEscalatedAt, "HH:mm"))
            font.pixelSize: Theme.small
            font.bold: true
            color: Theme.danger
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "ended_" + card.row.visitId
            visible: card.row.column === "no_access" || card.row.column === "cancelled"
            Layout.fillWidth: true
            text: visible ? [card.row.endReason || "", card.row.cardLeft ? qsTr("Card left") : "",
                             card.row.rebookNeeded ? qsTr("⚠ Rebook needed") : ""]
                            .filter(function(s) { return s !== "" }).join(" · ") : ""
            font.pixelSize: Theme.small
            color: Theme.text
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "late_" + card.row.visitId
            visible: card.row.column === "late"
            Layout.fillWidth: true
            text: visible ? qsTr("⚠ Late: not started by %1").arg(card.app.when(card.row.lateSince, "HH:mm")) : ""
            font.pixelSize: Theme.small
            font.bold: true
            color: Theme.accent
            wrapMode: Text.Wrap
        }
        Label {
            visible: card.overdue && !card.alert
            Layout.fillWidth: true
            text: card.overdue && !card.alert ? qsTr("Overdue since %1").arg(card.app.when(card.row.overdueSince, "HH:mm ddd d MMM")) : ""
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
        Label {
            objectName: "overdueClosed_" + card.row.visitId
            visible: card.row.overdueClosed === true
            Layout.fillWidth: true
            text: visible ? qsTr("Was overdue at %1 · officer safe, closed by %2 at %3")
                              .arg(card.app.when(card.row.overdueSince, "HH:mm"))
                              .arg(card.row.closedBy).arg(card.app.when(card.row.closedAt, "HH:mm")) : ""
            font.pixelSize: Theme.small
            color: Theme.text
            wrapMode: Text.Wrap
        }
        // The answers: acknowledge first, then "officer safe" (which closes it) or "escalated
        // to". An overdue visit is acknowledged with what is being done (below).
        ColumnLayout {
            visible: card.alert || (card.overdue && card.row.acknowledged)
            Layout.fillWidth: true
            WrapButton {
                objectName: "alertAcknowledge_" + card.row.visitId
                visible: card.alert && !card.row.acknowledged
                text: qsTr("Acknowledge: I'm on it")
                highlighted: true
                font.pixelSize: Theme.small
                Accessible.name: text
                onClicked: card.answerAlert(1, "")
            }
            WrapButton {
                objectName: "alertSafe_" + card.row.visitId
                text: card.alert ? qsTr("Officer safe: close the alert") : qsTr("Officer safe: close")
                font.pixelSize: Theme.small
                Accessible.name: text
                onClicked: card.answerAlert(2, "")
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Escalated to (for example the police)")
                font.pixelSize: Theme.small
                color: Theme.text
                wrapMode: Text.Wrap
            }
            TextField {
                id: escalatedTo
                objectName: "escalatedTo_" + card.row.visitId
                Layout.minimumHeight: Theme.touch
                Layout.fillWidth: true
                font.pixelSize: Theme.small
                Accessible.name: qsTr("Escalated to")
            }
            WrapButton {
                objectName: "alertEscalated_" + card.row.visitId
                text: qsTr("Record the escalation")
                font.pixelSize: Theme.small
                Accessible.name: text
                onClicked: card.answerAlert(3, escalatedTo.text)
            }
        }
        ColumnLayout {
            visible: card.overdue && !card.alert && !card.row.acknowledged
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: qsTr("What are you doing about it?")
                font.pixelSize: Theme.small
                color: Theme.text
                wrapMode: Text.Wrap
            }
            TextField {
                id: action
                objectName: "ackAction_" + card.row.visitId
                Layout.minimumHeight: Theme.touch
                Layout.fillWidth: true
                font.pixelSize: Theme.small
                Accessible.name: qsTr("What are you doing about it?")
            }
            WrapButton {
                Accessible.name: qsTr("Acknowledge")
                objectName: "acknowledge_" + card.row.visitId
                text: qsTr("Acknowledge")
                highlighted: true
                font.pixelSize: Theme.small
                onClicked: card.acknowledge(action.text)
            }
        }
        Button {
            objectName: "reassign_" + card.row.visitId
            Accessible.name: qsTr("Reassign or move")
            visible: card.row.column === "scheduled" || card.row.column === "late"
            text: qsTr("Reassign or move")
            flat: true
            font.pixelSize: Theme.small
            onClicked: card.reassign()
        }
    }
}
