import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// One referral in the coordinator's inbox: who, the concern, where it came from, how urgent,
// whether it is past the service's target, and whether the resident already has an open case.
// Triage opens a new case or links the open one; a triaged referral is then booked.
Rectangle {
    id: card

    // The parts that are not empty, joined. (A function, because Qt 6.4's qmllint cannot see
    // JavaScript's array methods on an array literal.)
    function joinedNonEmpty(parts, separator) {
        return parts.filter(function(s) { return s !== "" }).join(separator)
    }
    // The AppController: times are the council's clock.
    required property var app
    required property string referralId
    required property var version
    required property string residentName
    required property string address
    required property string sourceText
    required property string referrer
    required property string concern
    required property int urgency
    required property string urgencyText
    required property int status
    required property string statusText
    required property var receivedAt
    required property var dueBy
    required property bool overdue
    required property string caseId
    required property string caseNumber
    required property string duplicateCaseId
    required property string duplicateCaseNumber
    required property string reference
    required property string postcode
    required property string contactNeeds
    required property bool immediateRisk
    signal triage(int urgency, string linkCaseId)
    signal decline()
    signal book()
    signal openCase()

    implicitHeight: content.implicitHeight + 2 * Theme.margin
    radius: Theme.radius
    color: Theme.cardBg
    border.color: overdue ? Theme.danger : Theme.divider
    border.width: overdue ? 2 : 1

    ColumnLayout {
        id: content
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: 6
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            Label {
                Layout.fillWidth: true
                text: card.residentName !== "" ? card.residentName : qsTr("Resident not named")
                font.pixelSize: Theme.heading
                font.bold: true
                color: Theme.text
                wrapMode: Text.Wrap
            }
            Label {
                text: card.urgencyText
                font.pixelSize: Theme.body
                font.bold: card.urgency === 3
                color: card.urgency === 3 ? Theme.danger : Theme.text
            }
            Label {
                text: card.statusText
                font.pixelSize: Theme.body
                color: Theme.muted
            }
        }
        Label {
            visible: card.immediateRisk
            Layout.fillWidth: true
            text: qsTr("The referrer says the resident is at immediate risk")
            wrapMode: Text.Wrap
            font.pixelSize: Theme.body
            font.bold: true
            color: Theme.danger
        }
        Label {
            visible: text !== ""
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            // The reference is what the referrer quotes when they ask.
            text: card.joinedNonEmpty([card.address, card.postcode, card.reference], " · ")
            font.pixelSize: Theme.body
            color: Theme.muted
        }
        Label {
            visible: card.contactNeeds !== ""
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Contact needs: %1").arg(card.contactNeeds)
            font.pixelSize: Theme.body
            color: Theme.text
        }
        Label {
            Layout.fillWidth: true
            text: card.concern
            wrapMode: Text.Wrap
            font.pixelSize: Theme.body
            color: Theme.text
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("From %1%2, received %3")
                    .arg(card.sourceText)
                    .arg(card.referrer !== "" ? " (" + card.referrer + ")" : "")
                    .arg(card.app.when(card.receivedAt, "ddd d MMM, HH:mm"))
            wrapMode: Text.Wrap
            font.pixelSize: Theme.small
            color: Theme.muted
        }
        Notice {
            visible: card.overdue
            kind: "danger"
            label: qsTr("Overdue")
            text: qsTr("Not actioned by %1, the service's target.").arg(card.app.when(card.dueBy, "ddd d MMM"))
        }
        Notice {
            visible: card.duplicateCaseId !== ""
            kind: "warning"
            label: qsTr("Possible duplicate")
            text: qsTr("This resident already has an open case, %1.").arg(card.duplicateCaseNumber)
        }
        Notice {
            visible: card.caseNumber !== ""
            label: qsTr("Case")
            text: card.caseNumber
        }
        // Triage: the urgency and what to do, flowing onto more lines at large text rather
        // than squeezing the choice until "Urgent" reads "Urge".
        Flow {
            Layout.fillWidth: true
            spacing: Theme.gap
            visible: card.caseId === ""
            Choices {
                id: urgencyBox
                objectName: "urgency_" + card.referralId
                model: [qsTr("Routine"), qsTr("Soon"), qsTr("Urgent")]
                currentIndex: card.urgency > 0 ? card.urgency - 1 : 0
                font.pixelSize: Theme.body
                Accessible.name: qsTr("How urgent")
            }
            Button {
                Accessible.name: qsTr("Open a new case")
                objectName: "openCase_" + card.referralId
                text: qsTr("Open a new case")
                font.pixelSize: Theme.body
                onClicked: card.triage(urgencyBox.currentIndex + 1, "")
            }
            Button {
                Accessible.name: qsTr("Link to %1").arg(card.duplicateCaseNumber)
                visible: card.duplicateCaseId !== ""
                objectName: "linkCase_" + card.referralId
                text: qsTr("Link to %1").arg(card.duplicateCaseNumber)
                font.pixelSize: Theme.body
                onClicked: card.triage(urgencyBox.currentIndex + 1, card.duplicateCaseId)
            }
            Button {
                Accessible.name: qsTr("Decline")
                objectName: "decline_" + card.referralId
                text: qsTr("Decline")
                flat: true
                font.pixelSize: Theme.body
                onClicked: card.decline()
            }
        }
        RowLayout {
            visible: card.caseId !== ""
            spacing: Theme.gap
            Button {
                Accessible.name: qsTr("Book a visit")
                objectName: "book_" + card.referralId
                text: qsTr("Book a visit")
                highlighted: true
                font.pixelSize: Theme.body
                onClicked: card.book()
            }
            Button {
                Accessible.name: qsTr("Open the case")
                objectName: "showCase_" + card.referralId
                text: qsTr("Open the case")
                flat: true
                font.pixelSize: Theme.body
                onClicked: card.openCase()
            }
        }
    }
}
