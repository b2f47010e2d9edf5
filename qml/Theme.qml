pragma Singleton
import QtQuick

// Sizes, colours and spacing in one place, so touch targets and contrast are set once.
// Every colour pairs with text or an icon label: nothing relies on colour alone.
QtObject {
    // 1.0 normally; 2.0 is the "200% text" the service must stay usable at.
    property real textScale: 1.0

    readonly property int touch: 48          // minimum touch target, dp
    readonly property int gap: 12
    readonly property int margin: 16
    readonly property int radius: 6

    readonly property int small: Math.round(14 * textScale)
    readonly property int body: Math.round(16 * textScale)
    readonly property int heading: Math.round(20 * textScale)
    readonly property int title: Math.round(24 * textScale)

    // Text colours measured against white (#ffffff): all at least 4.5:1.
    readonly property color text: "#1b1b1f"        // 16.8:1
    readonly property color muted: "#4a4a52"       // 8.9:1
    readonly property color primary: "#0b4f6c"     // 8.6:1, council teal-blue
    readonly property color accent: "#7a3e00"      // 7.6:1
    readonly property color danger: "#a4161a"      // 7.0:1
    readonly property color success: "#1e6b30"     // 6.4:1
    readonly property color warningBg: "#fff4d6"   // behind text #1b1b1f: 15.6:1
    readonly property color dangerBg: "#fde8e8"    // behind danger text: 6.0:1
    readonly property color infoBg: "#e6f1f6"      // behind primary text: 7.4:1
    readonly property color cardBg: "#ffffff"
    readonly property color pageBg: "#f4f5f7"
    readonly property color divider: "#c8cad0"
}
