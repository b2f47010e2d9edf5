import QtQuick
import QtTest
import Doorstep

// Text contrast of at least 4.5:1 (WCAG 2.1 AA) for every text and background pair the
// screens use, computed from Theme's colours rather than trusted from its comments.
TestCase {
    name: "ThemeContrast"

    // Any warning while a test runs fails it: a QML warning is a bug, and not every one
    // reaches the engine's warnings() signal (QQmlComponent's own, for one). One is Qt's
    // and not ours: Qt 6.4's item views say "DelegateModel::cancel: index out range" when
    // they stop making a delegate for a row the model has just removed, as when a list's
    // last conflict or refused change goes; the row is gone, as it should be.
    function init() {
        failOnWarning(/^(?!DelegateModel::cancel: index out range )/)
    }

    function channel(c) {
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)
    }
    function luminance(color) {
        return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)
    }
    function contrast(a, b) {
        var la = luminance(a), lb = luminance(b)
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
    }

    function test_knownRatios() {
        // The formula against values published for black and white, and a mid grey.
        fuzzyCompare(contrast(Qt.color("black"), Qt.color("white")), 21.0, 0.01)
        fuzzyCompare(contrast(Qt.color("#767676"), Qt.color("white")), 4.54, 0.01)
    }

    function test_pairs_data() {
        var white = Qt.color("white")
        return [
            { tag: "text on card", fg: Theme.text, bg: Theme.cardBg },
            { tag: "text on page", fg: Theme.text, bg: Theme.pageBg },
            { tag: "muted on card", fg: Theme.muted, bg: Theme.cardBg },
            { tag: "muted on page", fg: Theme.muted, bg: Theme.pageBg },
            { tag: "primary on page", fg: Theme.primary, bg: Theme.pageBg },
            { tag: "primary on info", fg: Theme.primary, bg: Theme.infoBg },
            { tag: "text on info", fg: Theme.text, bg: Theme.infoBg },
            { tag: "text on warning", fg: Theme.text, bg: Theme.warningBg },
            { tag: "accent on warning", fg: Theme.accent, bg: Theme.warningBg },
            { tag: "danger on card", fg: Theme.danger, bg: Theme.cardBg },
            { tag: "danger on danger background", fg: Theme.danger, bg: Theme.dangerBg },
            { tag: "success on card", fg: Theme.success, bg: Theme.cardBg },
            { tag: "white on primary (header, main buttons)", fg: white, bg: Theme.primary },
        ]
    }

    function test_pairs(row) {
        var ratio = contrast(row.fg, row.bg)
        verify(ratio >= 4.5, row.tag + ": " + ratio.toFixed(2) + ":1")
    }
}
