pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// "Check your answers": every answer that applies, each with a way to change it.
ColumnLayout {
    id: view
    required property VisitFlow flow
    spacing: Theme.gap

    Label {
        text: qsTr("Check your answers")
        font.pixelSize: Theme.title
        font.bold: true
        color: Theme.text
        Accessible.role: Accessible.Heading
    }
    Repeater {
        model: view.flow.checkAnswers
        delegate: SummaryRow {
            required property var modelData
            label: modelData.label
            answer: modelData.answer
            problems: modelData.problems
            onChange: view.flow.goTo(modelData.questionId)
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
        objectName: "confirmAnswers"
        Layout.alignment: Qt.AlignRight
        text: qsTr("Confirm and continue")
        highlighted: true
        font.pixelSize: Theme.body
        Layout.minimumHeight: Theme.touch
        Accessible.name: qsTr("Confirm these answers and continue")
        onClicked: view.flow.finishForm()
    }
}
