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

    Label {
        Layout.fillWidth: true
        text: qsTr("Go through each area with the resident. Mark every item.")
        font.pixelSize: Theme.body
        color: Theme.muted
        wrapMode: Text.Wrap
    }
    Repeater {
        model: view.flow.checklistItems
        delegate: ColumnLayout {
            id: item
            required property var modelData
            required property int index
            Layout.fillWidth: true
            spacing: 4
            Label {
                visible: item.index === 0 || view.flow.checklistItems[item.index - 1].section !== item.modelData.section
                text: item.modelData.section
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
                color: Theme.text
                wrapMode: Text.Wrap
            }
            Flow {
                Layout.fillWidth: true
                spacing: 6
                Repeater {
                    model: [{ value: "discussed", label: qsTr("Discussed") },
                            { value: "referred", label: qsTr("Referred") },
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
                        height: Theme.touch
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
        Layout.preferredHeight: Theme.touch
        Accessible.name: qsTr("Finish the signposting checklist")
        onClicked: view.flow.finishForm()
    }
}
