pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// The signposting checklist on one page: each item discussed, referred, declined or not
// relevant, grouped by subject area.
ColumnLayout {
    id: view
    required property VisitFlow flow
    spacing: Theme.gap

    // The items, read from the flow once per change (it builds the list at each read).
    readonly property var items: flow.checklistItems
    // How many items are marked, and how many there are: in all (under "") and by topic,
    // counted once per change.
    readonly property var counts: {
        var out = { "": { done: 0, all: 0 } }
        for (var i = 0; i < items.length; ++i) {
            var section = items[i].section
            if (out[section] === undefined)
                out[section] = { done: 0, all: 0 }
            var state = items[i].state
            var marked = state !== undefined && state !== null && state !== ""
            for (var key of (section !== "" ? ["", section] : [""])) {
                out[key].all += 1
                if (marked)
                    out[key].done += 1
            }
        }
        return out
    }

    Label {
        Layout.fillWidth: true
        text: qsTr("Go through each area with the resident. Mark every item.")
        font.pixelSize: Theme.body
        color: Theme.muted
        wrapMode: Text.Wrap
    }
    Label {
        objectName: "checklistProgress"
        Layout.fillWidth: true
        readonly property var count: view.counts[""]
        text: qsTr("%1 of %2 items marked").arg(count.done).arg(count.all)
        font.pixelSize: Theme.body
        font.bold: true
        color: Theme.text
        wrapMode: Text.Wrap
        Accessible.role: Accessible.StaticText
        Accessible.name: text
    }
    Repeater {
        model: view.items
        delegate: ColumnLayout {
            id: item
            required property var modelData
            required property int index
            Layout.fillWidth: true
            spacing: 4
            // Each topic under its heading, saying how far through it the visit is.
            Label {
                visible: item.index === 0 || view.items[item.index - 1].section !== item.modelData.section
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                readonly property var count: view.counts[item.modelData.section] || { done: 0, all: 0 }
                text: qsTr("%1: %2 of %3 marked").arg(item.modelData.section).arg(count.done).arg(count.all)
                font.pixelSize: Theme.heading
                font.bold: true
                color: Theme.primary
                Layout.topMargin: Theme.gap
                Accessible.role: Accessible.Heading
            }
            Label {
                Layout.fillWidth: true
                text: item.modelData.label
                font.pixelSize: Theme.body
                font.bold: true
                color: Theme.text
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                visible: text !== ""
                text: item.modelData.hint
                font.pixelSize: Theme.small
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Flow {
                Layout.fillWidth: true
                spacing: 6
                Repeater {
                    model: [{ value: "discussed", label: qsTr("Discussed") },
                            { value: "referred", label: item.modelData.partner !== ""
                                                        ? qsTr("Referred to %1").arg(item.modelData.partner)
                                                        : qsTr("Referred") },
                            { value: "declined", label: qsTr("Declined") },
                            { value: "not_relevant", label: qsTr("Not relevant") }]
                    delegate: Button {
                        required property var modelData
                        objectName: "checklist_" + item.modelData.id + "_" + modelData.value
                        text: (item.modelData.state === modelData.value ? "✓ " : "") + modelData.label
                        checkable: true
                        checked: item.modelData.state === modelData.value
                        highlighted: checked
                        font.pixelSize: Theme.body
                        height: Math.max(implicitHeight, Theme.touch)
                        Accessible.name: item.modelData.label + ": " + modelData.label
                        onClicked: view.flow.answer(modelData.value, item.modelData.id)
                    }
                }
            }
        }
    }
    Repeater {
        model: view.flow.problems
        delegate: Label {
            required property string modelData
            Layout.fillWidth: true
            text: "⚠ " + modelData
            color: Theme.danger
            font.pixelSize: Theme.body
            wrapMode: Text.Wrap
        }
    }
    Button {
        objectName: "finishChecklist"
        Layout.alignment: Qt.AlignRight
        text: qsTr("Finish checklist")
        highlighted: true
        font.pixelSize: Theme.body
        Layout.minimumHeight: Theme.touch
        Accessible.name: qsTr("Finish the signposting checklist")
        onClicked: view.flow.finishForm()
    }
}
