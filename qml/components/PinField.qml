import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// A PIN entry: digits only, hidden, with the number keyboard on a tablet.
TextField {
    font.pixelSize: Theme.heading
    echoMode: TextInput.Password
    inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
    validator: RegularExpressionValidator { regularExpression: /[0-9]{0,16}/ }
    Layout.minimumHeight: Theme.touch
}
