import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// First use: the server address and the one-time enrolment code from the administrator, or
// the text of the enrolment QR code typed in. Also where a wiped tablet says why.
Page {
    id: page
    required property AppController app
    background: Rectangle { color: Theme.pageBg }
    // Text size from the first screen on: the choice is kept for every screen after.
    header: AppBar {
        title: "Doorstep"
        textSize: page.app.textSize
    }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: Math.min(parent.width - 2 * Theme.margin, 560)
            x: (parent.width - width) / 2
            spacing: Theme.gap
            Item { Layout.preferredHeight: Theme.margin * 2 }
            Label {
                text: qsTr("Set up Doorstep on this tablet")
                font.pixelSize: Theme.title
                font.bold: true
                color: Theme.text
                wrapMode: Text.Wrap
                Layout.fillWidth: true
                Accessible.role: Accessible.Heading
            }
            Notice {
                visible: page.app.lockMessage !== ""
                kind: "danger"
                label: qsTr("Erased")
                text: page.app.lockMessage
            }
            Label {
                text: qsTr("Your administrator gives you a one-time enrolment code, or a QR code "
                           + "holding the server address and the code.")
                wrapMode: Text.Wrap
                Layout.fillWidth: true
                font.pixelSize: Theme.body
                color: Theme.muted
            }
            Label { text: qsTr("Server address, or the QR code text"); font.pixelSize: Theme.body; color: Theme.text }
            Label {
                Layout.fillWidth: true
                text: qsTr("For example https://doorstep.example.gov.uk")
                font.pixelSize: Theme.body
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            TextField {
                Layout.minimumHeight: Theme.touch
                id: server
                objectName: "serverField"
                Layout.fillWidth: true
                font.pixelSize: Theme.body
                inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                Accessible.name: qsTr("Server address, or the QR code text")
            }
            Label { text: qsTr("One-time enrolment code"); font.pixelSize: Theme.body; color: Theme.text }
            TextField {
                Layout.minimumHeight: Theme.touch
                id: code
                objectName: "codeField"
                Layout.fillWidth: true
                font.pixelSize: Theme.body
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                Accessible.name: qsTr("One-time enrolment code")
            }
            Label {
                objectName: "enrolError"
                visible: page.app.error !== ""
                text: "⚠ " + page.app.error
                color: Theme.danger
                wrapMode: Text.Wrap
                Layout.fillWidth: true
                font.pixelSize: Theme.body
            }
            Button {
                objectName: "enrolButton"
                text: page.app.busy ? qsTr("Enrolling…") : qsTr("Continue")
                enabled: !page.app.busy
                highlighted: true
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch + 8
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Continue with this server and code")
                onClicked: page.app.beginEnrolment(server.text, code.text)
            }
        }
    }
}
