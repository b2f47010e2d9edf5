pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// One question on its own page: the label, the hint, the input its type needs, and the
// problems with the answer in plain English. Each change goes straight to the flow, which
// saves it in the encrypted draft.
ColumnLayout {
    id: view
    required property VisitFlow flow
    // The page's scroll view, which an error's link scrolls to its answer.
    property ScrollView scroller: null
    readonly property var q: flow ? flow.question : ({})
    readonly property var answer: q && q.answer !== undefined && q.answer !== null ? q.answer : ""
    readonly property string answerText: typeof answer === "string" ? answer : String(answer)
    spacing: Theme.gap

    // Puts the officer on the answer a problem is about, the field or the first choice, and
    // scrolls it into view.
    function focusAnswer() {
        var yesNo = view.q.type === "yes_no" || view.q.type === "consent"
        var candidates = [answerField, answerArea, yesNo ? choices.itemAt(0) : null,
                          singles.itemAt(0), multiples.itemAt(0)]
        for (var i = 0; i < candidates.length; ++i) {
            var target = candidates[i]
            if (target && target.visible) {
                target.forceActiveFocus()
                reveal(target)
                return
            }
        }
    }

    // Scrolls the page so the item shows, near the top.
    function reveal(item) {
        var f = view.scroller ? view.scroller.contentItem : null
        if (f instanceof Flickable) {
            var y = item.mapToItem(f.contentItem, 0, 0).y
            f.contentY = Math.max(0, Math.min(y - Theme.margin, f.contentHeight - f.height))
        }
    }

    // GOV.UK's error summary: at the top of the page, saying there is a problem, each problem
    // a link to the answer it is about. Read out as soon as it appears.
    ErrorSummary {
        objectName: "errorSummary"
        Layout.fillWidth: true
        problems: view.flow.problems
        onChosen: view.focusAnswer()
    }

    Label {
        text: qsTr("Question %1 of %2").arg(view.flow.page).arg(view.flow.pageCount)
        font.pixelSize: Theme.small
        color: Theme.muted
    }
    Label {
        objectName: "questionLabel"
        Layout.fillWidth: true
        text: (view.q.label ?? "") + (view.q.required ? "" : qsTr(" (optional)"))
        font.pixelSize: Theme.title
        color: Theme.text
        wrapMode: Text.Wrap
        Accessible.role: Accessible.Heading
    }
    Label {
        Layout.fillWidth: true
        visible: text !== ""
        text: view.q.hint ?? ""
        font.pixelSize: Theme.body
        color: Theme.muted
        wrapMode: Text.Wrap
    }

    // The problem again beside the answer, under its question and hint, as GOV.UK places it.
    Repeater {
        model: view.flow.problems
        delegate: Label {
            required property string modelData
            objectName: "problem"
            Layout.fillWidth: true
            text: "⚠ " + modelData
            color: Theme.danger
            font.pixelSize: Theme.body
            font.bold: true
            wrapMode: Text.Wrap
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("Error: %1").arg(modelData)
        }
    }

    // Text, number, date, photo reference.
    Label {
        Layout.fillWidth: true
        text: view.q.type === "date" ? qsTr("For example 2026-12-01")
              : view.q.type === "photo" ? qsTr("Photo reference from the council camera app")
              : ""
        font.pixelSize: Theme.body
        color: Theme.muted
        wrapMode: Text.Wrap
        visible: text !== ""
    }
    TextField {
        id: answerField
        Layout.minimumHeight: Theme.touch
        objectName: "answerField"
        visible: ["text", "number", "date", "photo"].indexOf(view.q.type) >= 0
        Layout.fillWidth: true
        font.pixelSize: Theme.heading
        text: view.answerText
        inputMethodHints: view.q.type === "number" ? Qt.ImhFormattedNumbersOnly : Qt.ImhNone
        Accessible.name: view.q.label ?? ""
        onTextEdited: view.flow.answer(text)
    }
    TextArea {
        id: answerArea
        Layout.minimumHeight: Theme.touch
        objectName: "answerArea"
        visible: view.q.type === "long_text"
        Layout.fillWidth: true
        Layout.preferredHeight: Math.max(160, implicitHeight)
        font.pixelSize: Theme.body
        wrapMode: TextEdit.Wrap
        text: view.answerText
        Accessible.name: view.q.label ?? ""
        // Only the officer's typing is an answer: the binding above also changes the text when
        // the next question comes up, and that must not be written into the new question.
        onTextChanged: if (activeFocus && view.q.type === "long_text" && text !== view.answerText)
                           view.flow.answer(text)
    }

    // Yes/no and consent: two large choices.
    // A Flow, so the two answers stack instead of running off the screen at 200% text.
    Flow {
        visible: view.q.type === "yes_no" || view.q.type === "consent"
        Layout.fillWidth: true
        spacing: Theme.gap
        Repeater {
            id: choices
            model: view.q.type === "consent"
                   ? [{ value: "yes", label: qsTr("The resident agrees") }, { value: "no", label: qsTr("The resident does not agree") }]
                   : [{ value: "yes", label: qsTr("Yes") }, { value: "no", label: qsTr("No") }]
            delegate: Button {
                required property var modelData
                objectName: "choice_" + modelData.value
                text: (view.answer === modelData.value ? "✓ " : "") + modelData.label
                checkable: true
                checked: view.answer === modelData.value
                highlighted: checked
                font.pixelSize: Theme.heading
                height: Math.max(implicitHeight, Theme.touch + 16)
                width: Math.min(Math.max(160, implicitWidth), parent.width)
                Accessible.name: modelData.label
                onClicked: view.flow.answer(modelData.value === "yes")
            }
        }
    }

    // Single choice and a checklist item asked on its own page.
    Repeater {
        id: singles
        model: view.q.type === "single_choice" ? view.q.choices
             : view.q.type === "checklist_item" ? [{ value: "discussed", label: qsTr("Discussed") },
                                                  { value: "referred", label: qsTr("Referred") },
                                                  { value: "declined", label: qsTr("Declined") },
                                                  { value: "not_relevant", label: qsTr("Not relevant") }]
             : []
        delegate: WrapRadioButton {
            required property var modelData
            objectName: "choice_" + modelData.value
            text: modelData.label
            checked: view.answer === modelData.value
            font.pixelSize: Theme.heading
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch
            Accessible.name: modelData.label
            onClicked: view.flow.answer(modelData.value)
        }
    }

    // Multiple choice.
    Repeater {
        id: multiples
        model: view.q.type === "multiple_choice" ? view.q.choices : []
        delegate: WrapCheckBox {
            required property var modelData
            objectName: "choice_" + modelData.value
            text: modelData.label
            checked: Array.isArray(view.answer) && view.answer.indexOf(modelData.value) >= 0
            font.pixelSize: Theme.heading
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch
            Accessible.name: modelData.label
            onClicked: {
                var now = Array.isArray(view.answer) ? view.answer.slice() : []
                var i = now.indexOf(modelData.value)
                if (checked && i < 0) now.push(modelData.value)
                if (!checked && i >= 0) now.splice(i, 1)
                view.flow.answer(now)
            }
        }
    }

    // Signature: drawn with a finger; the strokes stay in the encrypted store.
    SignaturePad {
        visible: view.q.type === "signature"
        Layout.fillWidth: true
        Layout.preferredHeight: 200
        signed: view.answer !== ""
        onSignedWith: function(strokes) { view.flow.answerSignature(strokes) }
        onCleared: view.flow.answer("")
    }


    RowLayout {
        Layout.fillWidth: true
        Layout.topMargin: Theme.gap
        spacing: Theme.gap
        Button {
            objectName: "backQuestion"
            text: qsTr("Previous")
            enabled: view.flow.page > 1
            font.pixelSize: Theme.body
            Layout.minimumHeight: Theme.touch
            Accessible.name: qsTr("Previous question")
            onClicked: view.flow.back()
        }
        Item { Layout.fillWidth: true }
        Button {
            objectName: "nextQuestion"
            text: qsTr("Next")
            highlighted: true
            font.pixelSize: Theme.body
            Layout.minimumHeight: Theme.touch
            Layout.minimumWidth: 140
            Accessible.name: qsTr("Next question")
            onClicked: view.flow.next()
        }
    }
}
