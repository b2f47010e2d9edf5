import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// Unlock with the PIN. Says plainly why the app locked.
Page {
    id: page
    required property AppController app
    background: Rectangle { color: Theme.pageBg }

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
        Notice {
            objectName: "lockReason"
            label: qsTr("Why")
            text: page.app.lockMessage
            visible: page.app.lockMessage !== ""
        }
        PinField {
            id: pin
            objectName: "unlockPin"
            Layout.fillWidth: true
            placeholderText: qsTr("PIN")
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
            Layout.preferredHeight: Theme.touch + 8
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Unlock")
            onClicked: { page.app.unlock(pin.text); pin.text = "" }
        }
    }
}
