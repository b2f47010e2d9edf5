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

    header: ToolBar {
        Material.background: Theme.primary
        Material.foreground: "white"
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: Theme.margin
            spacing: Theme.gap
            Label {
                text: qsTr("My referrals")
                font.pixelSize: Theme.title
                font.bold: true
                color: "white"
                Accessible.role: Accessible.Heading
            }
            Label {
                Layout.fillWidth: true
                text: page.app.officerName
                font.pixelSize: Theme.body
                color: "white"
                elide: Text.ElideRight
            }
            ToolButton {
                Accessible.name: referForm.visible ? qsTr("Close the form") : qsTr("Refer a resident")
                objectName: "referButton"
                text: referForm.visible ? qsTr("Close the form") : qsTr("Refer a resident")
                font.pixelSize: Theme.body
                onClicked: referForm.visible = !referForm.visible
            }
            ToolButton {
                Accessible.name: qsTr("Lock")
                text: qsTr("Lock")
                font.pixelSize: Theme.body
                onClicked: page.app.lock()
            }
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

        Rectangle {
            id: referForm
            objectName: "referForm"
            visible: false
            Layout.fillWidth: true
            Layout.margins: Theme.margin
            implicitHeight: formColumn.implicitHeight + 2 * Theme.margin
            radius: Theme.radius
            color: Theme.cardBg
            border.color: Theme.primary
            function clear() {
                given.text = ""; family.text = ""; address.text = ""; postcode.text = ""
                phone.text = ""; concern.text = ""; consent.checked = false; share.checked = false
                visible = false
            }
            function submit() {
                deskActions.makeReferral(given.text, family.text, address.text, postcode.text,
                                         phone.text, concern.text, consent.checked, share.checked)
            }
            ColumnLayout {
                id: formColumn
                anchors.fill: parent
                anchors.margins: Theme.margin
                spacing: Theme.gap
                Label { text: qsTr("Refer a resident to the Home Visiting Service"); font.pixelSize: Theme.heading; font.bold: true }
                RowLayout {
                    spacing: Theme.gap
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Label { text: qsTr("First name"); font.pixelSize: Theme.small; color: Theme.muted }
                        TextField { id: given; Layout.fillWidth: true; objectName: "givenName"; placeholderText: qsTr("First name"); font.pixelSize: Theme.body; Accessible.name: qsTr("First name"); Layout.minimumHeight: Theme.touch }
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Label { text: qsTr("Last name"); font.pixelSize: Theme.small; color: Theme.muted }
                        TextField { id: family; Layout.fillWidth: true; objectName: "familyName"; placeholderText: qsTr("Last name"); font.pixelSize: Theme.body; Accessible.name: qsTr("Last name"); Layout.minimumHeight: Theme.touch }
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Label { text: qsTr("Phone (if known)"); font.pixelSize: Theme.small; color: Theme.muted }
                        TextField { id: phone; Layout.fillWidth: true; placeholderText: qsTr("Phone (if known)"); font.pixelSize: Theme.body; inputMethodHints: Qt.ImhDialableCharactersOnly; Accessible.name: qsTr("Phone"); Layout.minimumHeight: Theme.touch }
                    }
                }
                RowLayout {
                    spacing: Theme.gap
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        Label { text: qsTr("Address"); font.pixelSize: Theme.small; color: Theme.muted }
                        TextField { id: address; Layout.fillWidth: true; objectName: "addressLine"; placeholderText: qsTr("Address"); font.pixelSize: Theme.body; Accessible.name: qsTr("Address"); Layout.minimumHeight: Theme.touch }
                    }
                    ColumnLayout {
                        Layout.preferredWidth: 160
                        Layout.maximumWidth: 200
                        spacing: 2
                        Label { text: qsTr("Postcode"); font.pixelSize: Theme.small; color: Theme.muted }
                        TextField { id: postcode; Layout.fillWidth: true; placeholderText: qsTr("Postcode"); font.pixelSize: Theme.body; Accessible.name: qsTr("Postcode"); Layout.minimumHeight: Theme.touch }
                    }
                }
                Label { text: qsTr("The concern"); font.pixelSize: Theme.small; color: Theme.muted }
                TextArea {
                    id: concern
                    Layout.minimumHeight: Theme.touch
                    objectName: "concern"
                    Layout.fillWidth: true
                    Layout.preferredHeight: 90
                    placeholderText: qsTr("What is the concern? What help might they need?")
                    wrapMode: TextEdit.Wrap
                    font.pixelSize: Theme.body
                    Accessible.name: qsTr("The concern")
                }
                CheckBox {
                    id: consent
                    Accessible.name: qsTr("The resident agrees to be referred to the Home Visiting Service")
                    objectName: "consentReferral"
                    text: qsTr("The resident agrees to be referred to the Home Visiting Service")
                    font.pixelSize: Theme.body
                }
                CheckBox {
                    id: share
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
            }
        }

        ListView {
            id: list
            objectName: "referralList"
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
                            elide: Text.ElideRight
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
                        text: isNaN(card.receivedAt) ? qsTr("Waiting to be sent")
                                                     : qsTr("Referred %1").arg(page.app.when(card.receivedAt, "ddd d MMM yyyy"))
                        font.pixelSize: Theme.small
                        color: Theme.muted
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
                text: qsTr("You have not referred anyone yet.")
                font.pixelSize: Theme.body
                color: Theme.muted
            }
        }
    }
}
