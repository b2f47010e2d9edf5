import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Asks for a reason before something that cannot be taken back: declining a referral, closing
// a case. The action button stays off until a reason is typed; with `offerShare` a tick says
// whether the referrer may be told it (off by default).
Dialog {
    id: dialog
    property string question
    property string actionText
    property bool offerShare: false
    property string shareText: qsTr("The referrer may be told this reason")
    signal confirmed(string reason, bool share)

    modal: true
    width: Math.min(parent ? parent.width - 2 * Theme.margin : 560, 560)
    anchors.centerIn: parent
    onAboutToShow: {
        reason.text = ""
        share.checked = false
        reason.forceActiveFocus()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Label {
            Layout.fillWidth: true
            text: dialog.question
            wrapMode: Text.Wrap
            font.pixelSize: Theme.body
            color: Theme.text
        }
        Label {
            text: qsTr("Reason")
            font.pixelSize: Theme.body
            font.bold: true
            color: Theme.text
        }
        TextArea {
            id: reason
            objectName: "reasonText"
            Layout.fillWidth: true
            Layout.minimumHeight: 3 * Theme.touch
            wrapMode: TextEdit.Wrap
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Reason")
        }
        WrapCheckBox {
            id: share
            objectName: "shareReason"
            visible: dialog.offerShare
            text: dialog.shareText
            font.pixelSize: Theme.body
            Accessible.name: text
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            Item { Layout.fillWidth: true }
            Button {
                text: qsTr("Cancel")
                flat: true
                font.pixelSize: Theme.body
                Accessible.name: text
                onClicked: dialog.close()
            }
            Button {
                objectName: "confirmReason"
                text: dialog.actionText
                enabled: reason.text.trim() !== ""
                highlighted: true
                font.pixelSize: Theme.body
                Accessible.name: text
                onClicked: {
                    dialog.confirmed(reason.text, dialog.offerShare && share.checked)
                    dialog.close()
                }
            }
        }
    }
}
