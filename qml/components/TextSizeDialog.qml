pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// Chooses how big the app's words are: the tablet's own size, or 100% to 200%. The change
// shows at once and is kept on the tablet.
Dialog {
    id: dialog
    objectName: "textSizeDialog"
    property TextSize textSize: null
    title: qsTr("Text size")
    modal: true
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 2 * Theme.margin : 560, 560)
    height: Math.min(implicitHeight, parent ? parent.height - 2 * Theme.margin : implicitHeight)
    standardButtons: Dialog.Close

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: parent.width
            spacing: 0
            ButtonGroup { id: sizes }
            WrapRadioButton {
                id: same
                objectName: "textSize_0"
                Layout.fillWidth: true
                ButtonGroup.group: sizes
                text: dialog.textSize
                      ? qsTr("The same as the tablet (%1%)")
                            .arg(Math.round(Math.min(2, Math.max(1, dialog.textSize.platformScale)) * 100))
                      : ""
                checked: dialog !== null && dialog.textSize !== null && dialog.textSize.percent === 0
                font.pixelSize: Theme.body
                Accessible.name: text
                onClicked: dialog.textSize.percent = 0
            }
            Repeater {
                model: dialog.textSize ? dialog.textSize.steps : []
                WrapRadioButton {
                    required property int modelData
                    objectName: "textSize_" + modelData
                    Layout.fillWidth: true
                    ButtonGroup.group: sizes
                    text: qsTr("%1%").arg(modelData)
                    checked: dialog !== null && dialog.textSize !== null && dialog.textSize.percent === modelData
                    font.pixelSize: Theme.body
                    Accessible.name: qsTr("Text at %1%").arg(modelData)
                    onClicked: dialog.textSize.percent = modelData
                }
            }
        }
    }
}
