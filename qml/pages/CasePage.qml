pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// The resident's case: identity, address, contact needs, vulnerabilities, risks, the case
// number, a notice on repeated contact, and the timeline of everything logged to the case.
Page {
    id: page

    // The parts that are not empty, joined. (A function, because Qt 6.4's qmllint cannot see
    // JavaScript's array methods on an array literal.)
    function joinedNonEmpty(parts, separator) {
        return parts.filter(function(s) { return s !== "" }).join(separator)
    }
    required property AppController app
    property alias caseId: caseModel.caseId
    property alias residentId: caseModel.residentId
    property alias model: caseModel
    property alias logDialog: logDialog
    property alias closeDialog: closeDialog
    signal back()
    signal openVisit(string visitId)
    background: Rectangle { color: Theme.pageBg }

    CaseModel {
        id: caseModel
        app: page.app
    }
    // Contacts and notes are logged to this case, and reach the server at the next sync.
    DeskActions {
        id: caseActions
        app: page.app
        onDone: function(ok, message) {
            if (ok) {
                logDialog.close()
                contactText.text = ""
            }
            logProblem.text = ok ? "" : message
            logSaved.text = ok ? message : ""
        }
    }

    ReasonDialog {
        id: closeDialog
        objectName: "closeCaseDialog"
        title: qsTr("Close the case")
        question: qsTr("Close case %1? Its referrers are told the work has finished; the reason stays with the service.")
                    .arg(caseModel.caseNumber)
        actionText: qsTr("Close the case")
        onConfirmed: function(reason, share) { caseActions.closeCase(caseModel.shownCaseId, reason) }
    }

    header: BackBar {
        title: caseModel.residentName
        subtitle: caseModel.caseNumber !== "" ? qsTr("Case %1 · %2").arg(caseModel.caseNumber).arg(caseModel.caseStatus) : ""
        onBack: page.back()
    }

    // One page that scrolls as a whole: the details and the timeline side by side in
    // landscape, one above the other in portrait. (Not a box for each: a box half the screen
    // high cut the details through their letters at 200% text.)
    ScrollView {
        id: scroller
        objectName: "caseScroll"
        anchors.fill: parent
        contentWidth: availableWidth
        contentHeight: grid.implicitHeight + 2 * Theme.margin
        GridLayout {
            id: grid
            width: scroller.availableWidth - 2 * Theme.margin
            x: Theme.margin
            y: Theme.margin
            readonly property bool landscape: page.width > page.height
            columns: landscape ? 2 : 1
            columnSpacing: Theme.margin
            rowSpacing: Theme.margin

            ColumnLayout {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                Layout.preferredWidth: 1
                spacing: Theme.gap
                Label {
                    visible: caseModel.error !== ""
                    text: caseModel.error
                    color: Theme.danger
                    font.pixelSize: Theme.body
                }
                // The visit under way on this case: its lone-working timer.
                Notice {
                    objectName: "caseTimer"
                    visible: caseModel.caseNumber !== "" && page.app.loneWorker.active
                             && page.app.loneWorker.caseNumber === caseModel.caseNumber
                    kind: page.app.loneWorker.overdue ? "danger" : "info"
                    label: qsTr("Visit under way")
                    text: page.app.loneWorker.timerText
                }
                Notice {
                    objectName: "repeatContactNotice"
                    visible: caseModel.repeatContactNotice !== ""
                    kind: "warning"
                    label: qsTr("Repeat contact")
                    text: caseModel.repeatContactNotice
                }
                Label {
                    text: qsTr("Case number")
                    font.pixelSize: Theme.small
                    color: Theme.muted
                }
                Label {
                    objectName: "caseNumber"
                    text: caseModel.caseNumber
                    font.pixelSize: Theme.heading
                    font.bold: true
                    color: Theme.text
                }
                Notice {
                    objectName: "closeReason"
                    visible: caseModel.closeReason !== ""
                    Layout.fillWidth: true
                    label: qsTr("Closed")
                    text: caseModel.closeReason
                }
                Label { text: qsTr("Address"); font.pixelSize: Theme.small; color: Theme.muted }
                Label {
                    Layout.fillWidth: true
                    text: caseModel.address + "\n" + caseModel.postcode
                    font.pixelSize: Theme.body
                    color: Theme.text
                    wrapMode: Text.Wrap
                }
                Label {
                    visible: caseModel.dateOfBirth !== "" || caseModel.phone !== ""
                    Layout.fillWidth: true
                    text: page.joinedNonEmpty(
                              [caseModel.dateOfBirth !== "" ? qsTr("Born %1").arg(caseModel.dateOfBirth) : "",
                               caseModel.phone !== "" ? qsTr("Phone %1").arg(caseModel.phone) : ""], "  ·  ")
                    font.pixelSize: Theme.body
                    color: Theme.text
                    wrapMode: Text.Wrap
                }
                Label {
                    text: qsTr("Contact needs")
                    font.pixelSize: Theme.small
                    color: Theme.muted
                }
                Tags { objectName: "caseNeeds"; items: caseModel.needs; kind: "info" }
                Label {
                    visible: caseModel.needs.length === 0
                    text: qsTr("None recorded")
                    font.pixelSize: Theme.body
                    color: Theme.text
                }
                ContactActions {
                    objectName: "caseContact"
                    Layout.fillWidth: true
                    options: caseModel.contactOptions
                    caseId: caseModel.shownCaseId
                    actions: caseActions
                    showSaid: false // the timeline's heading says it
                }
                Label {
                    text: qsTr("Vulnerabilities")
                    font.pixelSize: Theme.small
                    color: Theme.muted
                }
                Tags { objectName: "caseVulnerabilities"; items: caseModel.vulnerabilities; kind: "vulnerability" }
                Label {
                    visible: caseModel.vulnerabilities.length === 0
                    text: qsTr("None recorded")
                    font.pixelSize: Theme.body
                    color: Theme.text
                }
                Label {
                    visible: caseModel.risks.length > 0
                    text: qsTr("Risks at this address")
                    font.pixelSize: Theme.small
                    color: Theme.muted
                }
                Tags { items: caseModel.risks; kind: "danger" }
                Label {
                    text: qsTr("Visits")
                    font.pixelSize: Theme.small
                    color: Theme.muted
                }
                Repeater {
                    model: caseModel.visits
                    delegate: RowLayout {
                        id: visitRow
                        required property var modelData
                        Layout.fillWidth: true
                        spacing: Theme.gap
                        Label {
                            Layout.fillWidth: true
                            text: page.app.when(visitRow.modelData.windowStart, "ddd d MMM, HH:mm") + " · " + modelData.statusText
                            font.pixelSize: Theme.body
                            color: Theme.text
                            wrapMode: Text.Wrap
                        }
                        Button {
                            visible: visitRow.modelData.status < 5
                            text: visitRow.modelData.checkedIn ? qsTr("Continue visit") : qsTr("Start visit")
                            font.pixelSize: Theme.body
                            Layout.minimumHeight: Theme.touch
                            Accessible.name: text
                            onClicked: page.openVisit(visitRow.modelData.visitId)
                        }
                    }
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                Layout.preferredWidth: 1
                spacing: Theme.gap
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Timeline")
                    font.pixelSize: Theme.heading
                    font.bold: true
                    color: Theme.text
                    wrapMode: Text.Wrap
                    Accessible.role: Accessible.Heading
                }
                RowLayout {
                    Layout.fillWidth: true
                    WrapButton {
                        objectName: "closeCase"
                        // Coordinators close cases; an officer's outcome closes one by itself.
                        visible: caseModel.caseNumber !== "" && caseModel.caseStatus === "Open"
                                 && page.app.role === AppController.Coordinator
                        text: qsTr("Close the case")
                        font.pixelSize: Theme.body
                        Accessible.name: text
                        onClicked: {
                            logProblem.text = ""
                            closeDialog.open()
                        }
                    }
                    WrapButton {
                        objectName: "logContact"
                        visible: caseModel.caseNumber !== ""
                        text: qsTr("Log a contact or note")
                        font.pixelSize: Theme.body
                        Accessible.name: text
                        onClicked: {
                            logProblem.text = ""
                            logDialog.open()
                        }
                    }
                }
                Label {
                    // A refusal when the dialog is closed (closing a case with a visit booked).
                    objectName: "caseProblem"
                    visible: text !== "" && !logDialog.visible
                    text: logProblem.text
                    Layout.fillWidth: true
                    font.pixelSize: Theme.body
                    color: Theme.danger
                    wrapMode: Text.Wrap
                }
                Label {
                    objectName: "logSaved"
                    id: logSaved
                    visible: text !== ""
                    Layout.fillWidth: true
                    font.pixelSize: Theme.small
                    color: Theme.success
                    wrapMode: Text.Wrap
                }
                Label {
                    visible: timeline.count === 0
                    text: qsTr("Nothing logged to this case yet.")
                    font.pixelSize: Theme.body
                    color: Theme.muted
                }
                Repeater {
                    id: timeline
                    objectName: "timeline"
                    model: caseModel
                    delegate: Rectangle {
                        id: eventCard
                        required property string whenText
                        required property string title
                        required property string detail
                        Layout.fillWidth: true
                        implicitHeight: col.implicitHeight + 2 * Theme.gap
                        color: Theme.cardBg
                        radius: Theme.radius
                        border.color: Theme.divider
                        Accessible.role: Accessible.ListItem
                        Accessible.name: title + ", " + whenText + ". " + detail
                        ColumnLayout {
                            id: col
                            anchors.fill: parent
                            anchors.margins: Theme.gap
                            spacing: 2
                            Label { text: eventCard.whenText; font.pixelSize: Theme.small; color: Theme.muted }
                            Label {
                                Layout.fillWidth: true
                                text: eventCard.title
                                font.pixelSize: Theme.body
                                font.bold: true
                                color: Theme.text
                                wrapMode: Text.Wrap
                            }
                            Label {
                                Layout.fillWidth: true
                                visible: eventCard.detail !== ""
                                text: eventCard.detail
                                font.pixelSize: Theme.body
                                color: Theme.text
                                wrapMode: Text.Wrap
                            }
                        }
                    }
                }
            }
        }
    }

    Dialog {
        id: logDialog
        objectName: "logDialog"
        title: qsTr("Log to case %1").arg(caseModel.caseNumber)
        modal: true
        standardButtons: Dialog.Cancel
        anchors.centerIn: parent
        width: Math.min(page.width - 2 * Theme.margin, 560)
        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.gap
            Label { text: qsTr("What was it?"); font.pixelSize: Theme.body; color: Theme.text }
            Choices {
                id: contactKind
                objectName: "contactKind"
                Layout.fillWidth: true
                textRole: "label"
                valueRole: "kind"
                // v1::ContactKind, and 0 for a note.
                model: [
                    { kind: 1, label: qsTr("Phone call") },
                    { kind: 2, label: qsTr("Text message") },
                    { kind: 3, label: qsTr("Video call") },
                    { kind: 4, label: qsTr("Letter") },
                    { kind: 5, label: qsTr("Email") },
                    { kind: 6, label: qsTr("In person") },
                    { kind: 0, label: qsTr("A note") }
                ]
                font.pixelSize: Theme.body
                Accessible.name: qsTr("What was it?")
            }
            WrapCheckBox {
                id: contactInbound
                objectName: "contactInbound"
                visible: contactKind.currentValue !== 0
                text: qsTr("They contacted us")
                font.pixelSize: Theme.body
                Accessible.name: text
            }
            Label {
                text: contactKind.currentValue === 0 ? qsTr("The note") : qsTr("What it was about")
                font.pixelSize: Theme.body
                color: Theme.text
            }
            TextArea {
                id: contactText
                objectName: "contactText"
                Layout.fillWidth: true
                Layout.minimumHeight: 3 * Theme.touch
                wrapMode: TextEdit.Wrap
                font.pixelSize: Theme.body
                Accessible.name: contactKind.currentValue === 0 ? qsTr("The note") : qsTr("What it was about")
            }
            Label {
                id: logProblem
                objectName: "logProblem"
                visible: text !== ""
                Layout.fillWidth: true
                text: ""
                color: Theme.danger
                font.pixelSize: Theme.body
                wrapMode: Text.Wrap
            }
            Button {
                objectName: "logSave"
                text: qsTr("Save to the case")
                highlighted: true
                font.pixelSize: Theme.body
                Layout.minimumHeight: Theme.touch
                Accessible.name: text
                onClicked: caseActions.logContact(caseModel.shownCaseId, contactKind.currentValue,
                                                  contactInbound.checked, contactText.text)
            }
        }
    }
}
