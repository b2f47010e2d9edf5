import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// A button whose words wrap onto more lines instead of spilling out of a narrow card (a
// board column, or any card at 200% text). Takes the width its layout gives it.
Button {
    id: button
    Layout.fillWidth: true
    Layout.minimumHeight: Theme.touch
    font.pixelSize: Theme.small
    Accessible.name: text
    contentItem: Label {
        text: button.text
        font: button.font
        wrapMode: Text.Wrap
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        color: !button.enabled ? Theme.muted : button.highlighted ? "white" : Theme.text
    }
}
