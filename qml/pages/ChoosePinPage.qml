import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// Choose the PIN that protects the data on this tablet.
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
            text: qsTr("Choose a PIN")
            font.pixelSize: Theme.title
            font.bold: true
            color: Theme.text
            Accessible.role: Accessible.Heading
        }
        Label {
            text: qsTr("At least 6 digits. Avoid easy ones like 123456 or 111111. After 10 wrong "
                       + "PINs in a row the data on this tablet is erased.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            font.pixelSize: Theme.body
            color: Theme.muted
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("New PIN")
            font.pixelSize: Theme.body
            color: Theme.text
            wrapMode: Text.Wrap
        }
        PinField {
            id: pin
            objectName: "newPin"
            Layout.fillWidth: true
            Accessible.name: qsTr("New PIN")
        }
        Label {
            readonly property string problem: pin.text.length >= 6 ? page.app.pinProblem(pin.text) : ""
            visible: problem !== ""
            text: "⚠ " + problem
            color: Theme.danger
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            font.pixelSize: Theme.body
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Enter the PIN again")
            font.pixelSize: Theme.body
            color: Theme.text
            wrapMode: Text.Wrap
        }
        PinField {
            id: repeat
            objectName: "repeatPin"
            Layout.fillWidth: true
            Accessible.name: qsTr("Enter the PIN again")
        }
        Label {
            objectName: "pinError"
            visible: page.app.error !== ""
            text: "⚠ " + page.app.error
            color: Theme.danger
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            font.pixelSize: Theme.body
        }
        Button {
            objectName: "choosePinButton"
            text: page.app.busy ? qsTr("Setting up…") : qsTr("Use this PIN")
            enabled: !page.app.busy
            highlighted: true
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch + 8
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Use this PIN")
            onClicked: page.app.choosePin(pin.text, repeat.text)
        }
    }
}
