import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// A finger-drawn signature. The strokes (as an SVG-style path) are handed on when the
// resident confirms; nothing is written to a file.
ColumnLayout {
    id: pad
    property bool signed: false
    signal signedWith(string strokes)
    signal cleared()
    property string path: ""
    spacing: 6

    Rectangle {
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: 140
        color: Theme.cardBg
        border.color: Theme.text
        radius: Theme.radius
        Accessible.role: Accessible.Canvas
        Accessible.name: qsTr("Signature area: the resident signs here with a finger")
        Canvas {
            id: canvas
            anchors.fill: parent
            onPaint: {
                var ctx = getContext("2d")
                ctx.clearRect(0, 0, width, height)
                ctx.strokeStyle = Theme.text
                ctx.lineWidth = 3
                ctx.beginPath()
                var parts = pad.path.split(" ")
                for (var i = 0; i + 2 < parts.length; i += 3) {
                    var x = Number(parts[i + 1]), y = Number(parts[i + 2])
                    if (parts[i] === "M") ctx.moveTo(x, y); else ctx.lineTo(x, y)
                }
                ctx.stroke()
            }
        }
        MouseArea {
            anchors.fill: parent
            onPressed: function(mouse) { pad.path += (pad.path === "" ? "" : " ") + "M " + Math.round(mouse.x) + " " + Math.round(mouse.y); canvas.requestPaint() }
            onPositionChanged: function(mouse) { pad.path += " L " + Math.round(mouse.x) + " " + Math.round(mouse.y); canvas.requestPaint() }
        }
        Label {
            anchors.centerIn: parent
            visible: pad.path === ""
            text: pad.signed ? qsTr("Signed ✓") : qsTr("Sign here")
            font.pixelSize: Theme.body
            color: Theme.muted
        }
    }
    RowLayout {
        Button {
            text: qsTr("Clear")
            font.pixelSize: Theme.body
            Layout.minimumHeight: Theme.touch
            Accessible.name: qsTr("Clear the signature")
            onClicked: { pad.path = ""; canvas.requestPaint(); pad.cleared() }
        }
        Button {
            objectName: "keepSignature"
            text: qsTr("Keep signature")
            enabled: pad.path !== ""
            font.pixelSize: Theme.body
            Layout.minimumHeight: Theme.touch
            Accessible.name: qsTr("Keep this signature")
            onClicked: pad.signedWith(pad.path)
        }
    }
}
