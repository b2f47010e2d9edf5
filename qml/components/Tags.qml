pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// A row of short labelled facts (contact needs, vulnerabilities, risks), each in words with
// an icon for its kind, never only a colour.
Flow {
    id: tags
    property var items: []
    // info (contact needs), vulnerability, danger (address risks)
    property string kind: "info"
    readonly property string icon: kind === "danger" ? "⚠ " : kind === "vulnerability" ? "✚ " : "ℹ "
    property string prefix: ""
    Layout.fillWidth: true
    spacing: 6
    Repeater {
        model: tags.items
        delegate: Rectangle {
            id: tag
            required property string modelData
            radius: Theme.radius
            color: tags.kind === "danger" ? Theme.dangerBg
                   : tags.kind === "vulnerability" ? Theme.warningBg : Theme.infoBg
            border.color: tags.kind === "danger" ? Theme.danger
                          : tags.kind === "vulnerability" ? Theme.accent : Theme.primary
            implicitWidth: Math.min(tagText.implicitWidth + 16, tags.width)
            implicitHeight: tagText.implicitHeight + 8
            Accessible.role: Accessible.StaticText
            Accessible.name: tags.prefix + modelData
            Label {
                id: tagText
                anchors.centerIn: parent
                width: Math.min(implicitWidth, tags.width - 16)
                text: tags.icon + tags.prefix + tag.modelData
                wrapMode: Text.Wrap
                font.pixelSize: Theme.small
                color: tags.kind === "danger" ? Theme.danger
                       : tags.kind === "vulnerability" ? Theme.accent : Theme.primary
            }
        }
    }
}
