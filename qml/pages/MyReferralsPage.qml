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
            if (ok) {
                referForm.visible = false
                referForm.clear()
            }
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

        // The referral form, one question to a page (ReferralForm.qml).
        ReferralForm {
            id: referForm
            objectName: "referForm"
            actions: deskActions
            visible: false
            Layout.fillWidth: true
            Layout.fillHeight: true
            // Opened again after closing part-way: from the first question, answers kept.
            onVisibleChanged: if (visible) { checking = false; show(0) }
        }

        ListView {
            id: list
            // Read in the order the rows show (ReadingOrder).
            ReadingOrder { view: list }
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
