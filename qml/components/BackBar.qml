import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Doorstep

// A page header with a back action and a title.
ToolBar {
    id: bar
    property string title
    property string subtitle
    signal back()
    Material.background: Theme.primary
    Material.foreground: "white"
    RowLayout {
        anchors.fill: parent
        spacing: Theme.gap
        ToolButton {
            objectName: "backButton"
            text: "‹ " + qsTr("Back")
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Back")
            onClicked: bar.back()
        }
        Label {
            text: bar.title
            font.pixelSize: Theme.title
            font.bold: true
            color: "white"
            elide: Text.ElideRight
            Accessible.role: Accessible.Heading
        }
        Label {
            Layout.fillWidth: true
            text: bar.subtitle
            font.pixelSize: Theme.body
            color: "white"
            elide: Text.ElideRight
        }
    }
}
