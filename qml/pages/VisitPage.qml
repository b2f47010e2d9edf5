pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// A whole home visit, one step at a time. Leaving the page pauses the visit; it resumes
// where it was, even after the app was killed.
Page {
    id: page
    required property AppController app
    property alias visitId: visitFlow.visitId
    property alias flow: visitFlow
    signal back()
    background: Rectangle { color: Theme.pageBg }

    VisitFlow {
        id: visitFlow
        app: page.app
    }
    // The visit's case, for how to reach the resident; contact attempts are logged to it.
    CaseModel {
        id: visitCase
        app: page.app
        caseId: visitFlow.caseId
    }
    DeskActions {
        id: visitActions
        app: page.app
    }

    readonly property var stepNames: [qsTr("Check in"), qsTr("Consent"), qsTr("Checklist"),
        qsTr("Assessment"), qsTr("Outcome"), qsTr("Safeguarding"), qsTr("Check out")]

    header: BackBar {
        title: visitFlow.residentName
        subtitle: visitFlow.step < VisitFlow.Done
                  ? qsTr("Step %1 of %2: %3").arg(visitFlow.step + 1).arg(7).arg(visitFlow.stepTitle)
                  : visitFlow.stepTitle
        onBack: page.back()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        LoneWorkerBar {
            flow: visitFlow
            visible: visitFlow.step > VisitFlow.CheckIn && visitFlow.step < VisitFlow.Done
        }
        // On every step, check your answers included: who the officer is with.
        ResidentFacts {
            objectName: "visitFacts"
            Layout.margins: Theme.margin
            Layout.bottomMargin: 0
            Layout.fillWidth: true
            caseNumber: visitFlow.caseNumber
            needs: visitFlow.needs
            vulnerabilities: visitFlow.vulnerabilities
            risks: visitFlow.risks
        }
        Label {
            objectName: "flowError"
            visible: visitFlow.error !== ""
            Layout.margins: Theme.margin
            Layout.fillWidth: true
            text: "⚠ " + visitFlow.error
            color: Theme.danger
            font.pixelSize: Theme.body
            wrapMode: Text.Wrap
        }
        // Where the officer is in the visit, in words as well as position.
        Flow {
            Layout.fillWidth: true
            Layout.margins: Theme.margin
            spacing: 6
            Repeater {
                model: page.stepNames
                delegate: Label {
                    required property string modelData
                    required property int index
                    text: (index < visitFlow.step ? "✓ " : index === visitFlow.step ? "▶ " : "") + modelData
                    font.pixelSize: Theme.small
                    font.bold: index === visitFlow.step
                    color: index === visitFlow.step ? Theme.primary : Theme.muted
                    rightPadding: 8
                }
            }
        }

        ScrollView {
            id: scroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            ColumnLayout {
                width: Math.min(scroll.availableWidth - 2 * Theme.margin, 900)
                x: (scroll.availableWidth - width) / 2
                spacing: Theme.gap

                // 1. Check in.
                ColumnLayout {
                    visible: visitFlow.ready && visitFlow.step === VisitFlow.CheckIn
                    Layout.fillWidth: true
                    spacing: Theme.gap
                    Label {
                        text: qsTr("Check in at the address")
                        font.pixelSize: Theme.title
                        font.bold: true
                        color: Theme.text
                        Accessible.role: Accessible.Heading
                    }
                    // No answer at the door, or running late: reach the resident their way.
                    ContactActions {
                        objectName: "visitContact"
                        Layout.fillWidth: true
                        options: visitCase.contactOptions
                        caseId: visitFlow.caseId
                        actions: visitActions
                    }
                    Label {
                        objectName: "fixStatus"
                        Layout.fillWidth: true
                        text: page.app.hasFix ? qsTr("Your position is available and will be recorded.")
                                              : qsTr("No position fix yet. You can still check in; the visit records that there was no fix.")
                        font.pixelSize: Theme.body
                        color: Theme.text
                        wrapMode: Text.Wrap
                    }
                    Label {
                        text: qsTr("How long do you expect the visit to take? The lone-working timer counts down from this.")
                        font.pixelSize: Theme.body
                        color: Theme.text
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Flow {
                        Layout.fillWidth: true
                        spacing: Theme.gap
                        Repeater {
                            model: [30, 45, 60, 90]
                            delegate: Button {
                                required property int modelData
                                text: (visitFlow.plannedMinutes === modelData ? "✓ " : "") + qsTr("%1 min").arg(modelData)
                                checkable: true
                                checked: visitFlow.plannedMinutes === modelData
                                highlighted: checked
                                font.pixelSize: Theme.body
                                height: Math.max(implicitHeight, Theme.touch)
                                Accessible.name: qsTr("Expect the visit to take %1 minutes").arg(modelData)
                                onClicked: visitFlow.plannedMinutes = modelData
                            }
                        }
                    }
                    Button {
                        objectName: "checkIn"
                        text: qsTr("Check in and start the timer")
                        highlighted: true
                        font.pixelSize: Theme.heading
                        Layout.minimumHeight: Theme.touch + 16
                        Accessible.name: qsTr("Check in and start the lone-working timer")
                        onClicked: visitFlow.checkIn()
                    }
                    // Before check-in: on the way, or the visit did not take place.
                    Flow {
                        Layout.fillWidth: true
                        spacing: Theme.gap
                        Button {
                            objectName: "onMyWay"
                            visible: visitFlow.visitStatus === 1
                            text: qsTr("On my way")
                            font.pixelSize: Theme.body
                            height: Math.max(implicitHeight, Theme.touch)
                            Accessible.name: qsTr("On my way to the visit")
                            onClicked: visitFlow.onMyWay()
                        }
                        Button {
                            objectName: "noAccess"
                            text: qsTr("No access")
                            font.pixelSize: Theme.body
                            height: Math.max(implicitHeight, Theme.touch)
                            Accessible.name: qsTr("No access: record why")
                            onClicked: endVisit.ask(VisitFlow.NoAccess)
                        }
                        Button {
                            objectName: "cancelVisit"
                            text: qsTr("Cancelled")
                            font.pixelSize: Theme.body
                            height: Math.max(implicitHeight, Theme.touch)
                            Accessible.name: qsTr("Cancelled: record why")
                            onClicked: endVisit.ask(VisitFlow.Cancelled)
                        }
                    }
                }

                // 2-5. Forms and the checklist.
                QuestionView {
                    scroller: scroll
                    flow: visitFlow
                    visible: visitFlow.formTitle !== "" && !visitFlow.isChecklist && !visitFlow.atCheckAnswers
                    Layout.fillWidth: true
                }
                CheckAnswersView {
                    flow: visitFlow
                    visible: visitFlow.formTitle !== "" && !visitFlow.isChecklist && visitFlow.atCheckAnswers
                    Layout.fillWidth: true
                }
                ChecklistView {
                    flow: visitFlow
                    visible: visitFlow.isChecklist
                    Layout.fillWidth: true
                }

                // 6. Safeguarding.
                ColumnLayout {
                    visible: visitFlow.step === VisitFlow.Safeguarding
                    Layout.fillWidth: true
                    spacing: Theme.gap
                    Label {
                        text: qsTr("Safeguarding")
                        font.pixelSize: Theme.title
                        font.bold: true
                        color: Theme.text
                        Accessible.role: Accessible.Heading
                    }
                    Label {
                        Layout.fillWidth: true
                        text: visitFlow.escalations.length > 0
                              ? qsTr("These concerns go to the safeguarding lead when you check out:")
                              : qsTr("No safeguarding concerns were ticked. Add one below if you have a concern.")
                        font.pixelSize: Theme.body
                        color: Theme.text
                        wrapMode: Text.Wrap
                    }
                    Repeater {
                        model: visitFlow.escalations
                        delegate: Notice {
                            required property string modelData
                            objectName: "escalation"
                            kind: "danger"
                            label: qsTr("Concern")
                            text: modelData
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Anything else the safeguarding lead should know")
                        font.pixelSize: Theme.body
                        color: Theme.text
                        wrapMode: Text.Wrap
                    }
                    TextArea {
                        Layout.minimumHeight: Theme.touch
                        objectName: "safeguardingNote"
                        Layout.fillWidth: true
                        Layout.preferredHeight: Math.max(120, implicitHeight)
                        font.pixelSize: Theme.body
                        wrapMode: TextEdit.Wrap
                        text: visitFlow.safeguardingNote
                        Accessible.name: qsTr("Note for the safeguarding lead")
                        onTextChanged: if (activeFocus) visitFlow.safeguardingNote = text
                    }
                    Button {
                        objectName: "confirmSafeguarding"
                        Layout.alignment: Qt.AlignRight
                        text: qsTr("Continue to check out")
                        highlighted: true
                        font.pixelSize: Theme.body
                        Layout.minimumHeight: Theme.touch
                        Accessible.name: qsTr("Continue to check out")
                        onClicked: visitFlow.confirmSafeguarding()
                    }
                }

                // 7. Check out.
                ColumnLayout {
                    visible: visitFlow.step === VisitFlow.CheckOut
                    Layout.fillWidth: true
                    spacing: Theme.gap
                    Label {
                        text: qsTr("Check out")
                        font.pixelSize: Theme.title
                        font.bold: true
                        color: Theme.text
                        Accessible.role: Accessible.Heading
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Checking out stops the lone-working timer and queues the outcome, the forms, any referrals and safeguarding concerns to send to the case.")
                        font.pixelSize: Theme.body
                        color: Theme.text
                        wrapMode: Text.Wrap
                    }
                    Button {
                        objectName: "checkOut"
                        text: qsTr("Check out and finish the visit")
                        highlighted: true
                        font.pixelSize: Theme.heading
                        Layout.minimumHeight: Theme.touch + 16
                        Accessible.name: qsTr("Check out and finish the visit")
                        onClicked: visitFlow.checkOut()
                    }
                }

                // Done.
                ColumnLayout {
                    visible: visitFlow.step === VisitFlow.Done
                    Layout.fillWidth: true
                    spacing: Theme.gap
                    Label {
                        objectName: "visitDone"
                        text: visitFlow.visitStatus === VisitFlow.NoAccess ? qsTr("No access recorded")
                              : visitFlow.visitStatus === VisitFlow.Cancelled ? qsTr("Cancellation recorded")
                              : qsTr("Visit complete")
                        font.pixelSize: Theme.title
                        font.bold: true
                        color: Theme.success
                        Accessible.role: Accessible.Heading
                    }
                    Label {
                        Layout.fillWidth: true
                        text: page.app.pendingCount > 0
                              ? qsTr("The outcome is saved on this tablet and waiting to send: %1").arg(page.app.syncSummary)
                              : qsTr("The outcome is saved. %1").arg(page.app.syncSummary)
                        font.pixelSize: Theme.body
                        color: Theme.text
                        wrapMode: Text.Wrap
                    }
                    Button {
                        text: qsTr("Back to visits")
                        font.pixelSize: Theme.body
                        Layout.minimumHeight: Theme.touch
                        Accessible.name: qsTr("Back to visits")
                        onClicked: page.back()
                    }
                }
            }
        }
    }

    // Why the visit did not take place: a reason always; a card left (no access); whether
    // the office should book it again.
    Dialog {
        id: endVisit
        objectName: "endVisit"
        property int ending: VisitFlow.NoAccess
        function ask(kind) {
            ending = kind
            endReason.text = ""
            cardLeft.checked = false
            rebook.checked = false
            open()
        }
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent ? parent.width - 2 * Theme.margin : 520, 520)
        modal: true
        title: ending === VisitFlow.NoAccess ? qsTr("No access") : qsTr("Visit cancelled")
        ColumnLayout {
            width: parent.width
            spacing: Theme.gap
            Label {
                text: endVisit.ending === VisitFlow.NoAccess ? qsTr("Why was there no access?")
                                                             : qsTr("Why was the visit cancelled?")
                font.pixelSize: Theme.body
                color: Theme.text
                Layout.fillWidth: true
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: endVisit.ending === VisitFlow.NoAccess
                      ? qsTr("For example: no answer, curtains drawn, neighbour says she is in hospital")
                      : qsTr("For example: the resident phoned to rearrange")
                font.pixelSize: Theme.body
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            TextArea {
                id: endReason
                objectName: "endReason"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch * 2
                wrapMode: TextEdit.Wrap
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Reason")
            }
            WrapCheckBox {
                id: cardLeft
                objectName: "cardLeft"
                visible: endVisit.ending === VisitFlow.NoAccess
                text: qsTr("Calling card left")
                font.pixelSize: Theme.body
                Layout.minimumHeight: Theme.touch
                Accessible.name: text
            }
            WrapCheckBox {
                id: rebook
                objectName: "rebookNeeded"
                text: qsTr("Rebook needed")
                font.pixelSize: Theme.body
                Layout.minimumHeight: Theme.touch
                Accessible.name: text
            }
            Label {
                objectName: "endProblem"
                visible: visitFlow.error !== ""
                text: "⚠ " + visitFlow.error
                color: Theme.danger
                font.pixelSize: Theme.body
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
        }
        footer: DialogButtonBox {
            Button {
                objectName: "endConfirm"
                text: qsTr("Record it")
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Record it on the case")
                onClicked: visitFlow.endVisit(endVisit.ending, endReason.text, cardLeft.checked, rebook.checked)
            }
            Button {
                objectName: "endBack"
                text: qsTr("Back")
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Back to the visit")
                onClicked: endVisit.close()
            }
        }
        Connections {
            target: visitFlow
            function onFinished() { endVisit.close() }
        }
    }
}
