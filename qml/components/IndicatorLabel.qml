import QtQuick
import QtQuick.Controls
import QtQuick.Templates as T
import Doorstep

// The words of a tick box or a choice (`control`), beside its indicator, wrapping onto more
// lines instead of being cut short: WrapCheckBox's and WrapRadioButton's content.
Label {
    required property T.AbstractButton control
    readonly property real beside: control.indicator ? control.indicator.width + control.spacing : 0
    leftPadding: control.mirrored ? 0 : beside
    rightPadding: control.mirrored ? beside : 0
    text: control.text
    font: control.font
    wrapMode: Text.Wrap
    verticalAlignment: Text.AlignVCenter
    color: control.enabled ? Theme.text : Theme.muted
}
