import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Doorstep
import Doorstep.Core

// Every page's header: an optional back action, the title and a line under it, then the page's
// own actions and "Text size". The parts flow onto a second line rather than clip, so the
// header stays whole at 200% text on a tablet held upright. Actions go in as children:
//   AppBar { title: qsTr("Visits"); ToolButton { ... } }
ToolBar {
    id: bar
    property string title
    property string subtitle
    property bool showBack: false
    // With a text size, the header offers to change it.
    property TextSize textSize: null
    default property alias actions: actionRow.data
    signal back()

    Material.background: Theme.primary
    Material.foreground: "white"
    leftPadding: Theme.gap
    rightPadding: Theme.gap

    Flow {
        id: flow
        width: bar.availableWidth
        spacing: Theme.gap
        ToolButton {
            objectName: "backButton"
            visible: bar.showBack
            text: "‹ " + qsTr("Back")
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Back")
            onClicked: bar.back()
        }
        Column {
            width: Math.min(implicitWidth, flow.width)
            topPadding: Theme.gap / 2
            bottomPadding: Theme.gap / 2
            Label {
                width: Math.min(implicitWidth, flow.width)
                text: bar.title
                font.pixelSize: Theme.title
                font.bold: true
                color: "white"
                wrapMode: Text.Wrap
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Label {
                width: Math.min(implicitWidth, flow.width)
                visible: text !== ""
                text: bar.subtitle
                font.pixelSize: Theme.body
                color: "white"
                wrapMode: Text.Wrap
            }
        }
        Row {
            id: actionRow
            spacing: 0
            ToolButton {
                objectName: "textSizeButton"
                visible: bar.textSize !== null
                text: qsTr("Text size")
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Text size")
                onClicked: textSizeDialog.open()
            }
        }
    }

    TextSizeDialog {
        id: textSizeDialog
        textSize: bar.textSize
    }
}
