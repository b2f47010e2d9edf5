import QtQuick
import QtQuick.Controls
import Doorstep

// A drop-down as wide as its longest choice at the current text size, so a choice is never
// cut short ("Urge" for "Urgent") at 200% text. (Qt's WidestText policy measures once, at the
// size the text had then.) A layout or a binding may still make it wider, or narrower than
// the screen allows.
ComboBox {
    id: box
    font.pixelSize: Theme.body

    // The longest choice's words, by textRole for a model of objects.
    function longest() {
        var items = model
        var best = displayText
        var n = items ? (items.length !== undefined ? items.length : (items.count || 0)) : 0
        for (var i = 0; i < n; ++i) {
            var item = items.length !== undefined ? items[i] : items.get(i)
            var text = textRole !== "" && item !== null && typeof item === "object" ? item[textRole]
                                                                                  : item
            if (String(text).length > best.length)
                best = String(text)
        }
        return best
    }

    TextMetrics {
        id: widest
        font: box.font
        text: box.longest()
    }
    implicitWidth: Math.max(implicitBackgroundWidth + leftInset + rightInset,
                            Math.ceil(widest.advanceWidth) + leftPadding + rightPadding
                            + (indicator ? indicator.width + spacing : 0))
}
