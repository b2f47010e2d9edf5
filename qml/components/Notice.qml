import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// A boxed message with a word label ("Warning", "Needs"), so its meaning never rests on colour.
Rectangle {
    id: notice
    property string label
    property string text
    property string kind: "info"   // info, warning, danger
    Layout.fillWidth: true
    implicitHeight: row.implicitHeight + 2 * Theme.gap
    radius: Theme.radius
    color: kind === "danger" ? Theme.dangerBg : kind === "warning" ? Theme.warningBg : Theme.infoBg
    border.color: kind === "danger" ? Theme.danger : kind === "warning" ? Theme.accent : Theme.primary
    Accessible.role: Accessible.StaticText
    Accessible.name: label + ": " + text

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: Theme.gap
        spacing: Theme.gap
        Label {
            text: notice.label
            font.bold: true
            font.pixelSize: Theme.body
            color: notice.kind === "danger" ? Theme.danger : Theme.text
        }
        Label {
            Layout.fillWidth: true
            text: notice.text
            wrapMode: Text.Wrap
            font.pixelSize: Theme.body
            color: Theme.text
        }
    }
}
