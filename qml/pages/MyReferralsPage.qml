pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Controls.Material
import Doorstep
import Doorstep.Core

// A ward member's Doorstep: refer a resident (who, where, the concern and the resident's
// consent), follow each referral's status, and read the outcome summary when the resident
// agreed to share it. Nothing else about any resident reaches this device.
Page {
    id: page
    required property AppController app
    signal openOutbox()
    property alias referrals: referralModel
    property alias form: referForm
    property alias actions: deskActions
    background: Rectangle { color: Theme.pageBg }

    DeskModel { id: referralModel; app: page.app; view: DeskModel.MyReferrals }
    DeskActions {
        id: deskActions
        app: page.app
        kpisShown: false
        onDone: function(ok, message) {
            result.kind = ok ? "info" : "danger"
            result.label = ok ? qsTr("Saved") : qsTr("Not sent")
            result.text = message
            result.visible = true
            if (ok) referForm.clear()
        }
    }

    header: AppBar {
        title: qsTr("My referrals")
        subtitle: page.app.officerName
        textSize: page.app.textSize
        ToolButton {
            Accessible.name: referForm.visible ? qsTr("Close the form") : qsTr("Refer a resident")
            objectName: "referButton"
            text: referForm.visible ? qsTr("Close the form") : qsTr("Refer a resident")
            font.pixelSize: Theme.body
            onClicked: referForm.visible = !referForm.visible
        }
        ToolButton {
            objectName: "lockButton"
            Accessible.name: qsTr("Lock Doorstep")
            text: qsTr("Lock")
            font.pixelSize: Theme.body
            onClicked: page.app.lock()
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        SyncStatusBar {
            app: page.app
            onReviewRequested: page.openOutbox()
        }
        Notice { id: result; Layout.margins: Theme.gap; visible: false }

        // The referral form, in the GOV.UK pattern: labels above fields, an error beside each
        // field that needs one, and an error summary at the top that leads to them.
        ScrollView {
            id: referForm
            objectName: "referForm"
            visible: false
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true
            property var errors: []
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
                visible = false
            }
            function submit() {
                errors = deskActions.referralErrors(values())
                if (errors.length > 0) {
                    contentItem.contentY = 0
                    summary.forceActiveFocus()
                    return
                }
                deskActions.makeReferral(values())
            }
            function focusField(field) {
                var target = { givenName: given, familyName: family, dob: dobDay, addressLine: address,
                               concern: concern, immediateRisk: riskYes, interpreterLanguage: language,
                               consentedToReferral: consent }[field]
                if (target) {
                    target.forceActiveFocus()
                    contentItem.contentY = Math.max(0, target.mapToItem(formColumn, 0, 0).y - Theme.margin)
                }
            }

            component FieldError: Label {
                property string field
                readonly property string message: referForm.errorFor(field)
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

            ColumnLayout {
                id: formColumn
                x: Theme.margin
                width: referForm.availableWidth - 2 * Theme.margin
                spacing: Theme.gap
                Item { implicitHeight: Theme.gap }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Refer a resident to the Home Visiting Service")
                    font.pixelSize: Theme.heading
                    font.bold: true
                    wrapMode: Text.Wrap
                    color: Theme.text
                    Accessible.role: Accessible.Heading
                }
                // The error summary: what to fix, each leading to its field.
                ErrorSummary {
                    id: summary
                    objectName: "errorSummary"
                    Layout.fillWidth: true
                    problems: referForm.errors.map(function(e) { return e.message })
                    onChosen: function(index) { referForm.focusField(referForm.errors[index].field) }
                }
                FieldLabel { text: qsTr("First name") }
                FieldError { field: "givenName" }
                TextField { id: given; Layout.fillWidth: true; objectName: "givenName"; font.pixelSize: Theme.body; Accessible.name: qsTr("First name"); Layout.minimumHeight: Theme.touch }
                FieldLabel { text: qsTr("Last name") }
                FieldError { field: "familyName" }
                TextField { id: family; Layout.fillWidth: true; objectName: "familyName"; font.pixelSize: Theme.body; Accessible.name: qsTr("Last name"); Layout.minimumHeight: Theme.touch }
                FieldLabel { text: qsTr("Date of birth (if known)") }
                Label { Layout.fillWidth: true; text: qsTr("For example, 27 3 1941"); font.pixelSize: Theme.small; color: Theme.muted; wrapMode: Text.Wrap }
                FieldError { field: "dob" }
                Flow {
                    Layout.fillWidth: true
                    spacing: Theme.gap
                    Column {
                        Label { text: qsTr("Day"); font.pixelSize: Theme.body; color: Theme.text }
                        TextField { id: dobDay; objectName: "dobDay"; width: 80 * Theme.textScale; height: Math.max(implicitHeight, Theme.touch); font.pixelSize: Theme.body; inputMethodHints: Qt.ImhDigitsOnly; Accessible.name: qsTr("Day of birth") }
                    }
                    Column {
                        Label { text: qsTr("Month"); font.pixelSize: Theme.body; color: Theme.text }
                        TextField { id: dobMonth; objectName: "dobMonth"; width: 80 * Theme.textScale; height: Math.max(implicitHeight, Theme.touch); font.pixelSize: Theme.body; inputMethodHints: Qt.ImhDigitsOnly; Accessible.name: qsTr("Month of birth") }
                    }
                    Column {
                        Label { text: qsTr("Year"); font.pixelSize: Theme.body; color: Theme.text }
                        TextField { id: dobYear; objectName: "dobYear"; width: 110 * Theme.textScale; height: Math.max(implicitHeight, Theme.touch); font.pixelSize: Theme.body; inputMethodHints: Qt.ImhDigitsOnly; Accessible.name: qsTr("Year of birth") }
                    }
                }
                FieldLabel { text: qsTr("Address") }
                FieldError { field: "addressLine" }
                TextField { id: address; Layout.fillWidth: true; objectName: "addressLine"; font.pixelSize: Theme.body; Accessible.name: qsTr("Address"); Layout.minimumHeight: Theme.touch }
                FieldLabel { text: qsTr("Postcode") }
                TextField { id: postcode; Layout.preferredWidth: 200 * Theme.textScale; Layout.maximumWidth: formColumn.width; objectName: "postcode"; font.pixelSize: Theme.body; Accessible.name: qsTr("Postcode"); Layout.minimumHeight: Theme.touch }
                FieldLabel { text: qsTr("Phone (if known)") }
                TextField { id: phone; Layout.fillWidth: true; objectName: "phone"; font.pixelSize: Theme.body; inputMethodHints: Qt.ImhDialableCharactersOnly; Accessible.name: qsTr("Phone"); Layout.minimumHeight: Theme.touch }
                FieldLabel { text: qsTr("The concern") }
                Label { Layout.fillWidth: true; text: qsTr("What is the concern? What help might they need?"); font.pixelSize: Theme.small; color: Theme.muted; wrapMode: Text.Wrap }
                FieldError { field: "concern" }
                TextArea {
                    id: concern
                    objectName: "concern"
                    Layout.fillWidth: true
                    Layout.minimumHeight: 3 * Theme.touch
                    wrapMode: TextEdit.Wrap
                    font.pixelSize: Theme.body
                    Accessible.name: qsTr("The concern")
                }
                FieldLabel { text: qsTr("Is the resident at immediate risk?") }
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
                FieldLabel { text: qsTr("How should the service contact them?") }
                WrapCheckBox { id: hearing; Layout.fillWidth: true; objectName: "hearingLoss"; text: qsTr("They have hearing loss"); font.pixelSize: Theme.body; Accessible.name: text }
                WrapCheckBox { id: interpreter; Layout.fillWidth: true; objectName: "interpreterNeeded"; text: qsTr("They need an interpreter"); font.pixelSize: Theme.body; Accessible.name: text }
                FieldLabel { visible: interpreter.checked; text: qsTr("Language, for example Polish or British Sign Language") }
                FieldError { field: "interpreterLanguage" }
                TextField { id: language; visible: interpreter.checked; objectName: "interpreterLanguage"; Layout.fillWidth: true; font.pixelSize: Theme.body; Accessible.name: qsTr("Interpreter's language"); Layout.minimumHeight: Theme.touch }
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
                FieldError { field: "consentedToReferral" }
                WrapCheckBox {
                    id: consent
                    Layout.fillWidth: true
                    Accessible.name: qsTr("The resident agrees to be referred to the Home Visiting Service")
                    objectName: "consentReferral"
                    text: qsTr("The resident agrees to be referred to the Home Visiting Service")
                    font.pixelSize: Theme.body
                }
                WrapCheckBox {
                    id: share
                    Layout.fillWidth: true
                    Accessible.name: qsTr("The resident agrees that the service may tell me the outcome")
                    objectName: "consentShare"
                    text: qsTr("The resident agrees that the service may tell me the outcome")
                    font.pixelSize: Theme.body
                }
                Button {
                    Accessible.name: qsTr("Send the referral")
                    objectName: "sendReferral"
                    text: qsTr("Send the referral")
                    highlighted: true
                    font.pixelSize: Theme.body
                    onClicked: referForm.submit()
                }
                Item { implicitHeight: Theme.margin }
            }
        }

        ListView {
            id: list
            objectName: "referralList"
            visible: !referForm.visible
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.gap
            topMargin: Theme.gap
            leftMargin: Theme.margin
            rightMargin: Theme.margin
            bottomMargin: Theme.margin
            model: referralModel
            delegate: Rectangle {
                id: card
                required property string residentName
                required property string reference
                required property string declineReason
                required property int status
                required property string concern
                required property var receivedAt
                required property string statusText
                required property var dueBy
                required property bool overdue
                required property bool consentToShareOutcome
                required property string outcomeSummary
                required property var outcomeAt
                required property bool closed
                width: list.width - list.leftMargin - list.rightMargin
                implicitHeight: cardColumn.implicitHeight + 2 * Theme.margin
                radius: Theme.radius
                color: Theme.cardBg
                border.color: overdue ? Theme.danger : Theme.divider
                border.width: overdue ? 2 : 1
                ColumnLayout {
                    id: cardColumn
                    anchors.fill: parent
                    anchors.margins: Theme.margin
                    spacing: 6
                    RowLayout {
                        Label {
                            Layout.fillWidth: true
                            // Referrals made elsewhere (by phone to the contact centre) carry no
                            // name here: the server never sends a ward member resident details.
                            text: card.residentName !== "" ? card.residentName
                                  : qsTr("Your referral of %1").arg(page.app.when(card.receivedAt, "d MMMM"))
                            font.pixelSize: Theme.heading
                            font.bold: true
                            wrapMode: Text.Wrap
                        }
                        Label {
                            text: card.statusText
                            font.pixelSize: Theme.body
                            font.bold: true
                            color: card.closed ? Theme.success : Theme.primary
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        text: card.concern
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.body
                    }
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        // The reference is the server's: the ward member quotes it when they ask.
                        text: isNaN(card.receivedAt) ? qsTr("Waiting to be sent")
                              : card.reference !== "" ? qsTr("Referred %1 · reference %2")
                                                            .arg(page.app.when(card.receivedAt, "ddd d MMM yyyy")).arg(card.reference)
                              : qsTr("Referred %1").arg(page.app.when(card.receivedAt, "ddd d MMM yyyy"))
                        font.pixelSize: Theme.small
                        color: Theme.muted
                    }
                    Notice {
                        // Declined (v1::REFERRAL_STATUS_DECLINED), with the reason when the
                        // coordinator said it may be shared.
                        visible: card.status === 5
                        Layout.fillWidth: true
                        kind: "warning"
                        label: qsTr("Declined")
                        text: card.declineReason !== "" ? card.declineReason
                                                        : qsTr("The service did not share a reason.")
                    }
                    Notice {
                        visible: card.overdue
                        kind: "warning"
                        label: qsTr("Overdue")
                        text: qsTr("Not yet actioned; the service aims to act by %1. The coordinators have been told.")
                                .arg(page.app.when(card.dueBy, "ddd d MMM"))
                    }
                    Notice {
                        visible: card.outcomeSummary !== ""
                        label: qsTr("Outcome")
                        text: card.outcomeSummary
                    }
                    Label {
                        visible: card.closed && card.outcomeSummary === ""
                        Layout.fillWidth: true
                        text: card.consentToShareOutcome
                              ? qsTr("The work is finished.")
                              : qsTr("The work is finished. The resident did not agree to share the outcome, so no detail can be given.")
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.body
                        color: Theme.muted
                    }
                }
            }
            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                text: page.app.everSynced ? qsTr("You have not referred anyone yet.") : qsTr("Syncing…")
                font.pixelSize: Theme.body
                color: Theme.muted
            }
        }
    }
}
