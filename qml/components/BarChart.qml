pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// A horizontal bar chart of [{label, count}]: each bar labelled with its words and its number,
// so nothing rests on the bar's length or colour alone.
ColumnLayout {
    id: chart
    property string title
    property var rows: []
    property string emptyText: qsTr("None in this period")
    readonly property int most: {
        var m = 0
        for (var i = 0; i < rows.length; ++i) m = Math.max(m, rows[i].count)
        return m
    }
    spacing: 6
    Layout.fillWidth: true
    Layout.alignment: Qt.AlignTop

    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: chart.title
        font.pixelSize: Theme.heading
        font.bold: true
        color: Theme.text
        Accessible.role: Accessible.Heading
    }
    Label {
        visible: chart.rows.length === 0
        text: chart.emptyText
        font.pixelSize: Theme.body
        color: Theme.muted
    }
    Repeater {
        model: chart.rows
        delegate: RowLayout {
            id: bar
            required property var modelData
            Layout.fillWidth: true
            spacing: Theme.gap
            Accessible.role: Accessible.StaticText
            Accessible.name: modelData.label + ": " + modelData.count
            Label {
                Layout.fillWidth: true
                Layout.maximumWidth: 220 * Theme.textScale
                text: bar.modelData.label
                wrapMode: Text.Wrap
                font.pixelSize: Theme.body
                color: Theme.text
            }
            Item {
                Layout.fillWidth: true
                Layout.minimumWidth: 40
                implicitHeight: 22
                Rectangle {
                    height: parent.height
                    width: chart.most > 0 ? Math.max(2, parent.width * bar.modelData.count / chart.most) : 0
                    radius: 3
                    color: Theme.primary
                }
            }
            Label {
                Layout.preferredWidth: 48 * Theme.textScale
                horizontalAlignment: Text.AlignRight
                text: bar.modelData.count
                font.pixelSize: Theme.body
                font.bold: true
                color: Theme.text
            }
        }
    }
}
