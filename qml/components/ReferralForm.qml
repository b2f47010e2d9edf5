pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// A ward member's referral, one thing per page as the GOV.UK question pages pattern asks
// (design-system.service.gov.uk/patterns/question-pages): the resident's name, their date of
// birth, where they live, the concern, whether they are at immediate risk, how to contact them
// and the resident's consent; then "Check your answers", with a way to change each, and Send.
// Continue checks only the page in hand, with the error summary at its top and the problem
// beside its field; Send checks everything again (DeskActions::makeReferral does too).
ScrollView {
    id: form
    required property DeskActions actions
    contentWidth: availableWidth
    clip: true

    // The page shown: 0 to pages.length - 1 ask questions, checkStep is "Check your answers".
    property int step: 0
    // Set when a question was opened from "Check your answers": Continue goes back there.
    property bool checking: false
    property var errors: []
    // Each page's heading and the fields DeskActions::referralErrors may name on it.
    readonly property var pages: [
        { heading: qsTr("What is the resident's name?"), fields: ["givenName", "familyName"] },
        { heading: qsTr("What is the resident's date of birth?"), fields: ["dob"] },
        { heading: qsTr("What is the resident's address?"), fields: ["addressLine"] },
        { heading: qsTr("What is your concern about the resident?"), fields: ["concern"] },
        { heading: qsTr("Is the resident at immediate risk?"), fields: ["immediateRisk"] },
        { heading: qsTr("How should the service contact them?"), fields: ["interpreterLanguage"] },
        { heading: qsTr("Does the resident agree to the referral?"), fields: ["consentedToReferral"] }
    ]
    readonly property int checkStep: pages.length
    readonly property Flickable flick: contentItem as Flickable
    readonly property string heading: step < checkStep ? pages[step].heading
                                                        : qsTr("Check your answers before sending the referral")

    function errorFor(field) {
        for (var i = 0; i < errors.length; ++i)
            if (errors[i].field === field)
                return errors[i].message
        return ""
    }
    function values() {
        return {
            givenName: given.text, familyName: family.text,
            dobDay: dobDay.text, dobMonth: dobMonth.text, dobYear: dobYear.text,
            addressLine: address.text, postcode: postcode.text, phone: phone.text,
            concern: concern.text,
            immediateRisk: riskYes.checked ? "yes" : riskNo.checked ? "no" : "",
            hearingLoss: hearing.checked, interpreterNeeded: interpreter.checked,
            interpreterLanguage: language.text,
            preferredChannel: channel.currentValue,
            consentedToReferral: consent.checked, consentToShareOutcome: share.checked
        }
    }
    function clear() {
        given.text = ""; family.text = ""; address.text = ""; postcode.text = ""
        phone.text = ""; concern.text = ""; consent.checked = false; share.checked = false
        dobDay.text = ""; dobMonth.text = ""; dobYear.text = ""
        riskYes.checked = false; riskNo.checked = false
        hearing.checked = false; interpreter.checked = false; language.text = ""
        channel.currentIndex = 0
        errors = []
        checking = false
        show(0)
    }
    // The problems on page `index`, of all referralErrors finds.
    function errorsOn(index, all) {
        var fields = pages[index].fields
        return all.filter(function(e) { return fields.indexOf(e.field) >= 0 })
    }
    function show(index) {
        step = index
        flick.contentY = 0
        if (visible)
            Announcer.say(form, heading)
    }
    function showProblems() {
        flick.contentY = 0
        summary.forceActiveFocus()
    }
    function next() {
        errors = errorsOn(step, actions.referralErrors(values()))
        if (errors.length > 0) {
            showProblems()
            return
        }
        show(checking || step + 1 >= checkStep ? checkStep : step + 1)
    }
    function back() {
        errors = []
        show(checking || step === 0 ? checkStep : step - 1)
    }
    function change(index) {
        errors = []
        checking = true
        show(index)
    }
    function submit() {
        var all = actions.referralErrors(values())
        for (var i = 0; i < checkStep; ++i) {
            var here = errorsOn(i, all)
            if (here.length > 0) {
                errors = here
                checking = true
                show(i)
                showProblems()
                return
            }
        }
        actions.makeReferral(values())
    }
    function focusField(field) {
        var target = { givenName: given, familyName: family, dob: dobDay.input, addressLine: address,
                       concern: concern, immediateRisk: riskYes, interpreterLanguage: language,
                       consentedToReferral: consent }[field]
        if (target) {
            target.forceActiveFocus()
            flick.contentY = Math.max(0, Math.min(target.mapToItem(formColumn, 0, 0).y - Theme.margin,
                                                        flick.contentHeight - flick.height))
        }
    }

    // The answers as "Check your answers" lists them, each with the page that asks it.
    function dateOfBirth() {
        if (dobDay.text === "" && dobMonth.text === "" && dobYear.text === "")
            return qsTr("Not known")
        var d = new Date(parseInt(dobYear.text, 10), parseInt(dobMonth.text, 10) - 1, parseInt(dobDay.text, 10))
        return isNaN(d.getTime()) ? [dobDay.text, dobMonth.text, dobYear.text].join(" ")
                                  : Qt.formatDate(d, "d MMMM yyyy")
    }
    function answers() {
        var lines = [
            phone.text.trim(),
            channel.currentValue !== 0 ? qsTr("Prefers: %1").arg(channel.currentText) : "",
            hearing.checked ? qsTr("They have hearing loss") : "",
            interpreter.checked ? qsTr("They need an interpreter (%1)").arg(language.text.trim()) : ""
        ]
        var contact = ""
        for (var i = 0; i < lines.length; ++i)
            if (lines[i] !== "")
                contact += (contact === "" ? "" : "\n") + lines[i]
        var where = address.text.trim()
        if (postcode.text.trim() !== "")
            where += "\n" + postcode.text.trim().toUpperCase()
        return [
            { step: 0, label: qsTr("Name"), answer: (given.text.trim() + " " + family.text.trim()).trim() },
            { step: 1, label: qsTr("Date of birth"), answer: dateOfBirth() },
            { step: 2, label: qsTr("Address"), answer: where },
            { step: 3, label: qsTr("Concern"), answer: concern.text.trim() },
            { step: 4, label: qsTr("At immediate risk"),
              answer: riskYes.checked ? qsTr("Yes") : riskNo.checked ? qsTr("No") : "" },
            { step: 5, label: qsTr("Contact"), answer: contact },
            { step: 6, label: qsTr("Consent"),
              answer: (consent.checked ? qsTr("Agrees to be referred") : qsTr("Has not agreed to be referred"))
                      + "\n" + (share.checked ? qsTr("Agrees that you may be told the outcome")
                                              : qsTr("Has not agreed that you may be told the outcome")) }
        ]
    }

    component FieldError: Label {
        property string field
        readonly property string message: form.errorFor(field)
        objectName: "error_" + field
        visible: message !== ""
        Layout.fillWidth: true
        text: qsTr("Error: %1").arg(message)
        wrapMode: Text.Wrap
        font.pixelSize: Theme.body
        font.bold: true
        color: Theme.danger
    }
    component FieldLabel: Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        font.pixelSize: Theme.body
        font.bold: true
        color: Theme.text
    }
    component Hint: Label {
        Layout.fillWidth: true
        font.pixelSize: Theme.body
        color: Theme.muted
        wrapMode: Text.Wrap
    }
    // One page of questions: shown when it is the step, its fields laid out under the heading.
    component Question: ColumnLayout {
        property int index
        visible: form.step === index
        Layout.fillWidth: true
        spacing: Theme.gap
    }
    // One part of GOV.UK's date input: a label over a field as wide as its digits.
    component DateField: Column {
        id: dateField
        property alias label: fieldLabel.text
        property alias text: input.text
        readonly property alias input: input
        property string name
        property string spokenName
        property int digits: 2
        Label { id: fieldLabel; font.pixelSize: Theme.body; color: Theme.text }
        TextField {
            id: input
            objectName: dateField.name
            width: (dateField.digits + 2) * 20 * Theme.textScale
            height: Math.max(implicitHeight, Theme.touch)
            font.pixelSize: Theme.body
            inputMethodHints: Qt.ImhDigitsOnly
            Accessible.name: dateField.spokenName
        }
    }

    ColumnLayout {
        id: formColumn
        x: Theme.margin
        width: form.availableWidth - 2 * Theme.margin
        spacing: Theme.gap
        Item { implicitHeight: Theme.gap }
        Button {
            objectName: "referralBack"
            visible: form.step > 0
            flat: true
            text: "‹ " + qsTr("Back")
            font.pixelSize: Theme.body
            font.underline: true
            Layout.minimumHeight: Theme.touch
            Accessible.role: Accessible.Link
            Accessible.name: form.checking ? qsTr("Back to your answers") : qsTr("Back to the last question")
            onClicked: form.back()
        }
        ErrorSummary {
            id: summary
            objectName: "referralErrorSummary"
            Layout.fillWidth: true
            problems: form.errors.map(function(e) { return e.message })
            onChosen: function(index) { form.focusField(form.errors[index].field) }
        }
        Label {
            Layout.fillWidth: true
            text: form.step < form.checkStep
                  ? qsTr("Refer a resident · question %1 of %2").arg(form.step + 1).arg(form.checkStep)
                  : qsTr("Refer a resident")
            font.pixelSize: Theme.body
            color: Theme.muted
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "referralHeading"
            Layout.fillWidth: true
            text: form.heading
            font.pixelSize: Theme.title
            font.bold: true
            wrapMode: Text.Wrap
            color: Theme.text
            Accessible.role: Accessible.Heading
        }

        Question {
            index: 0
            FieldLabel { text: qsTr("First name") }
            FieldError { field: "givenName" }
            TextField { id: given; Layout.fillWidth: true; objectName: "givenName"; font.pixelSize: Theme.body; Accessible.name: qsTr("First name"); Layout.minimumHeight: Theme.touch }
            FieldLabel { text: qsTr("Last name") }
            FieldError { field: "familyName" }
            TextField { id: family; Layout.fillWidth: true; objectName: "familyName"; font.pixelSize: Theme.body; Accessible.name: qsTr("Last name"); Layout.minimumHeight: Theme.touch }
        }
        Question {
            index: 1
            Hint { text: qsTr("If you know it. For example, 27 3 1941") }
            FieldError { field: "dob" }
            Flow {
                Layout.fillWidth: true
                spacing: Theme.gap
                DateField { id: dobDay; label: qsTr("Day"); name: "dobDay"; spokenName: qsTr("Day of birth") }
                DateField { id: dobMonth; label: qsTr("Month"); name: "dobMonth"; spokenName: qsTr("Month of birth") }
                DateField { id: dobYear; label: qsTr("Year"); digits: 4; name: "dobYear"; spokenName: qsTr("Year of birth") }
            }
        }
        Question {
            index: 2
            FieldLabel { text: qsTr("First line of the address") }
            FieldError { field: "addressLine" }
            TextField { id: address; Layout.fillWidth: true; objectName: "addressLine"; font.pixelSize: Theme.body; Accessible.name: qsTr("First line of the address"); Layout.minimumHeight: Theme.touch }
            FieldLabel { text: qsTr("Postcode (if known)") }
            TextField { id: postcode; Layout.preferredWidth: 200 * Theme.textScale; Layout.maximumWidth: formColumn.width; objectName: "postcode"; font.pixelSize: Theme.body; Accessible.name: qsTr("Postcode"); Layout.minimumHeight: Theme.touch }
        }
        Question {
            index: 3
            Hint { text: qsTr("What is worrying you? What help might they need?") }
            FieldError { field: "concern" }
            TextArea {
                id: concern
                objectName: "concern"
                Layout.fillWidth: true
                Layout.minimumHeight: 3 * Theme.touch
                wrapMode: TextEdit.Wrap
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Your concern about the resident")
            }
        }
        Question {
            index: 4
            FieldError { field: "immediateRisk" }
            ButtonGroup { id: riskGroup }
            WrapRadioButton { id: riskYes; Layout.fillWidth: true; objectName: "riskYes"; ButtonGroup.group: riskGroup; text: qsTr("Yes"); font.pixelSize: Theme.body; Accessible.name: qsTr("Yes, at immediate risk") }
            WrapRadioButton { id: riskNo; Layout.fillWidth: true; objectName: "riskNo"; ButtonGroup.group: riskGroup; text: qsTr("No"); font.pixelSize: Theme.body; Accessible.name: qsTr("No, not at immediate risk") }
            Notice {
                visible: riskYes.checked
                Layout.fillWidth: true
                kind: "danger"
                label: qsTr("If someone is in danger now")
                text: qsTr("Call 999. This referral goes to the top of the coordinators' inbox, but it is not an emergency service.")
            }
        }
        Question {
            index: 5
            FieldLabel { text: qsTr("Phone number (if known)") }
            TextField { id: phone; Layout.fillWidth: true; objectName: "phone"; font.pixelSize: Theme.body; inputMethodHints: Qt.ImhDialableCharactersOnly; Accessible.name: qsTr("Phone number"); Layout.minimumHeight: Theme.touch }
            FieldLabel { text: qsTr("Preferred way to contact them") }
            Choices {
                id: channel
                objectName: "preferredChannel"
                Layout.fillWidth: true
                textRole: "label"
                valueRole: "value"
                // v1::ContactChannel.
                model: [
                    { value: 0, label: qsTr("Not known") },
                    { value: 3, label: qsTr("Phone call") },
                    { value: 1, label: qsTr("Text message") },
                    { value: 2, label: qsTr("Video call") },
                    { value: 5, label: qsTr("Email") },
                    { value: 4, label: qsTr("Letter") }
                ]
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Preferred way to contact them")
            }
            Hint { text: qsTr("Select all that apply") }
            WrapCheckBox { id: hearing; Layout.fillWidth: true; objectName: "hearingLoss"; text: qsTr("They have hearing loss"); font.pixelSize: Theme.body; Accessible.name: text }
            WrapCheckBox { id: interpreter; Layout.fillWidth: true; objectName: "interpreterNeeded"; text: qsTr("They need an interpreter"); font.pixelSize: Theme.body; Accessible.name: text }
            FieldLabel { visible: interpreter.checked; text: qsTr("Language, for example Polish or British Sign Language") }
            FieldError { field: "interpreterLanguage" }
            TextField { id: language; visible: interpreter.checked; objectName: "interpreterLanguage"; Layout.fillWidth: true; font.pixelSize: Theme.body; Accessible.name: qsTr("Interpreter's language"); Layout.minimumHeight: Theme.touch }
        }
        Question {
            index: 6
            Hint { text: qsTr("Ask the resident before you send the referral.") }
            FieldError { field: "consentedToReferral" }
            WrapCheckBox {
                id: consent
                Layout.fillWidth: true
                Accessible.name: text
                objectName: "consentReferral"
                text: qsTr("The resident agrees to be referred to the Home Visiting Service")
                font.pixelSize: Theme.body
            }
            WrapCheckBox {
                id: share
                Layout.fillWidth: true
                Accessible.name: text
                objectName: "consentShare"
                text: qsTr("The resident agrees that the service may tell me the outcome")
                font.pixelSize: Theme.body
            }
        }
        Button {
            objectName: "continueReferral"
            visible: form.step < form.checkStep
            text: qsTr("Continue")
            highlighted: true
            font.pixelSize: Theme.body
            Layout.minimumHeight: Theme.touch
            Accessible.name: text
            onClicked: form.next()
        }

        // Check your answers: each answer under its question's name, with a way to change it.
        Repeater {
            model: form.step === form.checkStep ? form.answers() : []
            delegate: SummaryRow {
                required property var modelData
                objectName: "answer_" + modelData.step
                label: modelData.label
                answer: modelData.answer
                onChange: form.change(modelData.step)
            }
        }
        Button {
            objectName: "sendReferral"
            visible: form.step === form.checkStep
            text: qsTr("Send the referral")
            highlighted: true
            font.pixelSize: Theme.body
            Layout.minimumHeight: Theme.touch
            Accessible.name: text
            onClicked: form.submit()
        }
        Item { implicitHeight: Theme.margin }
    }
}
