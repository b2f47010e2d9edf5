pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// One follow-up satisfaction call that is due. The call starts with nothing chosen: the
// coordinator says what came of it (reached, no answer, declined the survey, or cannot be
// reached in the resident's channel), and only a resident who was reached gives a score.
Rectangle {
    id: card
    required property var app
    required property string visitId
    required property string caseId
    required property string caseNumber
    required property string residentName
    required property string phone
    required property string channel
    required property string bestTime
    required property var checkedOutAt
    required property var dueBy
    required property bool late
    required property int attempt
    required property int maxAttempts
    // (visitId, caseId, result, score, comments): DeskActions.recordFollowUpCall.
    signal save(string visitId, string caseId, int result, int score, string comments)

    // What the coordinator chose: DeskActions.CallResult, 0 for nothing yet; score 0 for none.
    property int result: 0
    property int score: 0

    implicitHeight: column.implicitHeight + 2 * Theme.margin
    radius: Theme.radius
    color: Theme.cardBg
    border.color: late ? Theme.danger : Theme.divider

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: 6
        Label {
            Layout.fillWidth: true
            text: card.residentName + " · " + card.caseNumber
            font.pixelSize: Theme.heading
            font.bold: true
            wrapMode: Text.Wrap
            color: Theme.text
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Visited %1. Call by %2 (%3%4) on %5")
                    .arg(card.app.when(card.checkedOutAt, "ddd d MMM"))
                    .arg(card.app.when(card.dueBy, "ddd d MMM"))
                    .arg(card.channel.replace("_", " "))
                    .arg(card.bestTime !== "" ? ", " + card.bestTime.replace("_", " ") : "")
                    .arg(card.phone !== "" ? card.phone : qsTr("no number on file"))
            font.pixelSize: Theme.body
            wrapMode: Text.Wrap
            color: Theme.text
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Try %1 of %2").arg(card.attempt).arg(card.maxAttempts)
                  + (card.late ? qsTr(". Late: due by %1").arg(card.app.when(card.dueBy, "ddd d MMM")) : "")
            color: card.late ? Theme.danger : Theme.muted
            font.bold: card.late
            font.pixelSize: Theme.body
            wrapMode: Text.Wrap
        }
        Label {
            text: qsTr("What came of the call?")
            font.pixelSize: Theme.body
            font.bold: true
            color: Theme.text
        }
        ButtonGroup { id: results }
        Repeater {
            model: [
                { value: DeskActions.Reached, label: qsTr("Reached, and answered the survey") },
                { value: DeskActions.NoAnswer, label: qsTr("No answer (try again next working day)") },
                { value: DeskActions.DeclinedSurvey, label: qsTr("Declined the survey or ended the call") },
                { value: DeskActions.Unreachable, label: qsTr("Cannot be reached in their channel") }
            ]
            delegate: WrapRadioButton {
                required property var modelData
                objectName: "result_" + modelData.value + "_" + card.visitId
                Layout.fillWidth: true
                ButtonGroup.group: results
                text: modelData.label
                checked: card.result === modelData.value
                font.pixelSize: Theme.body
                Accessible.name: text
                onClicked: card.result = modelData.value
            }
        }
        Flow {
            Layout.fillWidth: true
            visible: card.result === DeskActions.Reached
            spacing: Theme.gap
            Label {
                text: qsTr("Satisfaction, 1 (very dissatisfied) to 5 (very satisfied):")
                font.pixelSize: Theme.body
                color: Theme.text
                height: Math.max(implicitHeight, Theme.touch)
                verticalAlignment: Text.AlignVCenter
            }
            ButtonGroup { id: scores }
            Repeater {
                model: 5
                delegate: WrapRadioButton {
                    required property int index
                    objectName: "score_" + (index + 1) + "_" + card.visitId
                    ButtonGroup.group: scores
                    text: index + 1
                    checked: card.score === index + 1
                    font.pixelSize: Theme.body
                    Accessible.name: qsTr("Score %1").arg(index + 1)
                    onClicked: card.score = index + 1
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            Label {
                Layout.fillWidth: true
                text: qsTr("Comments")
                font.pixelSize: Theme.body
                color: Theme.text
                wrapMode: Text.Wrap
            }
            TextField {
                id: comments
                Accessible.name: qsTr("Comments")
                Layout.minimumHeight: Theme.touch
                Layout.fillWidth: true
                font.pixelSize: Theme.body
            }
            Button {
                objectName: "saveCall_" + card.visitId
                Accessible.name: qsTr("Save call")
                text: qsTr("Save call")
                highlighted: true
                enabled: card.result !== 0 && (card.result !== DeskActions.Reached || card.score > 0)
                font.pixelSize: Theme.body
                onClicked: card.save(card.visitId, card.caseId, card.result,
                                     card.result === DeskActions.Reached ? card.score : 0, comments.text)
            }
        }
    }
}
