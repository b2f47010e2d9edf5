import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// Unlock with the PIN. Says plainly why the app locked.
Page {
    id: page
    required property AppController app
    background: Rectangle { color: Theme.pageBg }
    // Text size from the first screen on: the choice is kept for every screen after.
    header: AppBar {
        title: "Doorstep"
        textSize: page.app.textSize
    }

    ColumnLayout {
        width: Math.min(parent.width - 2 * Theme.margin, 480)
        anchors.horizontalCenter: parent.horizontalCenter
        y: Theme.margin * 2
        spacing: Theme.gap
        Label {
            text: qsTr("Doorstep is locked")
            font.pixelSize: Theme.title
            font.bold: true
            color: Theme.text
            Accessible.role: Accessible.Heading
        }
        // The visit under way outlives the lock: its timer, and an Alert that needs no PIN,
        // as a phone's emergency call does. Nothing of the resident or the case is shown.
        Rectangle {
            objectName: "lockVisitPanel"
            visible: page.app.loneWorker.active
            Layout.fillWidth: true
            implicitHeight: lockVisit.implicitHeight + 2 * Theme.gap
            radius: Theme.radius
            color: page.app.loneWorker.overdue ? Theme.dangerBg : Theme.infoBg
            ColumnLayout {
                id: lockVisit
                anchors.fill: parent
                anchors.margins: Theme.gap
                spacing: Theme.gap / 2
                Label {
                    text: qsTr("You are on a visit")
                    font.pixelSize: Theme.body
                    font.bold: true
                    color: Theme.text
                }
                Label {
                    objectName: "lockTimer"
                    visible: text !== ""
                    text: page.app.loneWorker.timerText
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.body
                    font.bold: page.app.loneWorker.overdue
                    color: page.app.loneWorker.overdue ? Theme.danger : Theme.text
                }
                Button {
                    objectName: "lockAlert"
                    text: page.app.loneWorker.alertStatus === "" ? qsTr("Alert the office")
                                                                 : qsTr("Alert sent")
                    Layout.fillWidth: true
                    Layout.minimumHeight: Theme.touch + 8
                    font.pixelSize: Theme.body
                    font.bold: true
                    Material.foreground: Theme.danger
                    Accessible.name: qsTr("Send a lone-working alert to the office, without the PIN")
                    // One alert: a second tap sends nothing more.
                    onClicked: page.app.loneWorker.raiseAlert()
                }
                Label {
                    id: lockAlertStatus
                    objectName: "lockAlertStatus"
                    visible: text !== ""
                    text: page.app.loneWorker.alertStatus
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.body
                    color: Theme.text
                    Accessible.role: Accessible.AlertMessage
                    Accessible.name: text
                    onTextChanged: Announcer.say(lockAlertStatus, lockAlertStatus.text)
                }
            }
        }
        Notice {
            objectName: "lockReason"
            label: qsTr("Why")
            text: page.app.lockMessage
            visible: page.app.lockMessage !== ""
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("PIN")
            font.pixelSize: Theme.body
            color: Theme.text
            wrapMode: Text.Wrap
        }
        PinField {
            id: pin
            objectName: "unlockPin"
            Layout.fillWidth: true
            Accessible.name: qsTr("PIN")
            onAccepted: page.app.unlock(pin.text)
        }
        Label {
            objectName: "unlockError"
            visible: page.app.error !== ""
            text: "⚠ " + page.app.error
            color: Theme.danger
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            font.pixelSize: Theme.body
        }
        Button {
            objectName: "unlockButton"
            text: page.app.busy ? qsTr("Unlocking…") : qsTr("Unlock")
            enabled: !page.app.busy
            highlighted: true
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch + 8
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Unlock")
            onClicked: { page.app.unlock(pin.text); pin.text = "" }
        }
    }
}
