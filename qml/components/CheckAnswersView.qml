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
        delegate: Rectangle {
            id: answerRow
            required property var modelData
            Layout.fillWidth: true
            implicitHeight: row.implicitHeight + 2 * Theme.gap
            color: modelData.problems.length > 0 ? Theme.dangerBg : Theme.cardBg
            border.color: modelData.problems.length > 0 ? Theme.danger : Theme.divider
            radius: Theme.radius
            RowLayout {
                id: row
                anchors.fill: parent
                anchors.margins: Theme.gap
                spacing: Theme.gap
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Label { text: answerRow.modelData.label; font.pixelSize: Theme.small; color: Theme.muted; wrapMode: Text.Wrap; Layout.fillWidth: true }
                    Label {
                        text: answerRow.modelData.answer !== "" ? modelData.answer : qsTr("Not answered")
                        font.pixelSize: Theme.body
                        color: Theme.text
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Repeater {
                        model: answerRow.modelData.problems
                        delegate: Label {
                            required property string modelData
                            text: "⚠ " + modelData
                            color: Theme.danger
                            font.pixelSize: Theme.body
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                    }
                }
                Button {
                    text: qsTr("Change")
                    flat: true
                    font.pixelSize: Theme.body
                    Layout.minimumHeight: Theme.touch
                    Accessible.name: qsTr("Change the answer to: %1").arg(answerRow.modelData.label)
                    onClicked: view.flow.goTo(answerRow.modelData.questionId)
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
