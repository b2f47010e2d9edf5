import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// The lone-working timer and the alert. Alert is always the first control, on the top line;
// "I'm safe" is always the last, on a line of its own at the other side, and asks to be
// confirmed: a second tap on Alert can never land on it, and the two never swap places
// however the text size reflows the bar. Under the time, where the alert has got to: waiting
// for signal, received by the office, acknowledged by a named coordinator, closed.
Rectangle {
    id: bar
    required property VisitFlow flow
    readonly property bool alertOpen: flow.alertState !== VisitFlow.NoAlert
                                      && flow.alertState !== VisitFlow.Closed
    // When the timer runs out, on the council's clock ("" with no timer).
    readonly property string until: flow.app ? flow.app.when(flow.deadline, "HH:mm") : ""
    Layout.fillWidth: true
    implicitHeight: column.implicitHeight + 2 * Theme.gap
    color: flow.overdue || alertOpen ? Theme.dangerBg : Theme.infoBg

    function minutesText(seconds) {
        if (seconds <= 0)
            return qsTr("Overdue by %1 min").arg(Math.ceil(-seconds / 60))
        return qsTr("%1 min left").arg(Math.ceil(seconds / 60))
    }

    ColumnLayout {
        id: column
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin
        spacing: Theme.gap

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.margin
            Button {
                objectName: "discreetAlert"
                text: bar.alertOpen ? qsTr("Alert sent") : qsTr("Alert")
                flat: true
                font.pixelSize: Theme.small
                font.bold: bar.alertOpen
                Layout.minimumHeight: Theme.touch
                Layout.minimumWidth: Theme.touch + 24
                Accessible.name: bar.alertOpen ? qsTr("Alert sent to the coordinators")
                                               : qsTr("Send a lone-working alert to the coordinators")
                // A second tap while the alert is open sends nothing more.
                onClicked: if (!bar.alertOpen) bar.flow.raiseAlert()
            }
            Label {
                objectName: "loneWorkerTime"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Lone working: ") + (bar.flow.overdue ? "⚠ " : "")
                      + bar.minutesText(bar.flow.secondsLeft)
                      + (bar.until !== "" ? qsTr(", until %1").arg(bar.until) : "")
                font.pixelSize: Theme.body
                font.bold: bar.flow.overdue
                color: bar.flow.overdue ? Theme.danger : Theme.text
            }
        }
        Label {
            id: alertStatus
            objectName: "alertStatus"
            visible: text !== ""
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: bar.flow.alertStatus
            font.pixelSize: Theme.body
            font.bold: true
            color: Theme.danger
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
            // "Alert sent", "Alert not sent yet: ...": said aloud as it changes.
            onTextChanged: Announcer.say(alertStatus, alertStatus.text)
        }
        Button {
            objectName: "imSafe"
            Layout.alignment: Qt.AlignRight
            Layout.minimumHeight: Theme.touch
            text: qsTr("I'm safe: add 30 min")
            font.pixelSize: Theme.body
            Accessible.name: qsTr("I'm safe: add 30 minutes to the lone-working timer")
            onClicked: confirmSafe.open()
        }
    }

    Dialog {
        id: confirmSafe
        objectName: "confirmSafe"
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent ? parent.width - 2 * Theme.margin : 480, 480)
        modal: true
        title: qsTr("Are you safe?")
        Label {
            width: parent.width
            wrapMode: Text.Wrap
            font.pixelSize: Theme.body
            text: qsTr("This adds 30 minutes to your lone-working timer. If you are not safe, cancel and press Alert.")
        }
        footer: DialogButtonBox {
            Button {
                objectName: "confirmSafeYes"
                text: qsTr("I'm safe")
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Yes, I'm safe: add 30 minutes")
                // Qt 6.4's qmllint cannot see the roles (QPlatformDialogHelper's enum) on DialogButtonBox.
                // qmllint disable
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
                // qmllint enable
            }
            Button {
                objectName: "confirmSafeNo"
                text: qsTr("Cancel")
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Cancel")
                // qmllint disable
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
                // qmllint enable
            }
        }
        onAccepted: bar.flow.imSafe(30)
    }
}
