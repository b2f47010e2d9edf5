import QtQuick
import QtQuick.Controls
import Doorstep

// A tick box whose words wrap onto more lines instead of being cut short, so a statement the
// person is agreeing to, or a choice, reads whole at any text size. Give it its width.
CheckBox {
    id: box
    font.pixelSize: Theme.body
    Accessible.name: text
    contentItem: IndicatorLabel { control: box }
}
