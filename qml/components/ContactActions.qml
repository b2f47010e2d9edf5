pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// One-tap contact with the resident, their preferred channel first (CaseModel.contactOptions):
// call, text from the tablet, or a video call on the council's link, which is also sent to the
// resident through the council. What came of each is asked for and logged on the case.
ColumnLayout {
    id: contact
    property var options: []
    property string caseId: ""
    property DeskActions actions
    // Say under the buttons what the last action did; off where the page says it already.
    property bool showSaid: true
    spacing: 6
    visible: options.length > 0

    // The option being tried, while the officer says what came of it.
    property var trying: ({})
    // What the last action said (saved, or why not), shown under the buttons.
    property string said: ""
    property bool asked: false
    // A dialog of this component is up (or still closing).
    readonly property bool asking: outcome.visible || videoConfirm.visible

    Connections {
        target: contact.actions
        function onDone(ok, message) {
            if (contact.asked) {
                contact.said = (ok ? "" : "⚠ ") + message
                contact.asked = false
            }
        }
    }

    function open(option) {
        contact.trying = option
        if (option.kind === "video" && option.sendLinkTo !== "") {
            videoConfirm.open() // sending the link cannot be taken back: asked first
            return
        }
        Qt.openUrlExternally(option.url)
        outcome.open()
    }

    function joinVideo(sendLink) {
        if (sendLink) {
            contact.asked = true
            contact.actions.sendVideoLink(contact.caseId, contact.trying.sendLinkTo)
        }
        Qt.openUrlExternally(contact.trying.url)
        outcome.open()
    }

    Label {
        text: qsTr("Contact the resident")
        font.pixelSize: Theme.small
        color: Theme.muted
    }
    Flow {
        Layout.fillWidth: true
        spacing: Theme.gap
        Repeater {
            model: contact.options
            delegate: Button {
                required property var modelData
                required property int index
                objectName: "contact_" + modelData.kind
                // The preferred way says so in words, not only by its colour.
                text: modelData.label + (modelData.preferred ? " · " + qsTr("preferred") : "")
                highlighted: modelData.preferred
                font.pixelSize: Theme.body
                height: Math.max(implicitHeight, Theme.touch)
                Accessible.name: modelData.label + (modelData.preferred ? ", " + qsTr("their preferred way") : "")
                onClicked: contact.open(modelData)
            }
        }
    }
    Label {
        objectName: "videoLinkNote"
        readonly property var video: contact.options.filter(function(o) { return o.kind === "video" })[0]
        visible: video !== undefined
        Layout.fillWidth: true
        text: video === undefined ? ""
              : video.sendLinkTo !== "" ? qsTr("Video call sends the resident the link %1.").arg(video.sendLinkTo)
                                        : qsTr("The resident has no mobile or email: read them the link %1").arg(video.url)
        font.pixelSize: Theme.small
        color: Theme.muted
        wrapMode: Text.Wrap
    }

    Label {
        objectName: "contactSaid"
        visible: contact.showSaid && contact.said !== ""
        Layout.fillWidth: true
        text: contact.said
        font.pixelSize: Theme.small
        color: contact.said.indexOf("⚠") === 0 ? Theme.danger : Theme.text
        wrapMode: Text.Wrap
    }

    Dialog {
        id: videoConfirm
        objectName: "videoConfirm"
        modal: true
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent ? parent.width - 2 * Theme.margin : 480, 480)
        title: qsTr("Video call")
        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.gap
            Label {
                Layout.fillWidth: true
                text: qsTr("Send the resident the link %1, then join the call?")
                        .arg(contact.trying.sendLinkTo !== undefined ? contact.trying.sendLinkTo : "")
                wrapMode: Text.Wrap
                font.pixelSize: Theme.body
                color: Theme.text
            }
            WrapButton {
                objectName: "sendLinkAndJoin"
                text: qsTr("Send the link and join")
                highlighted: true
                onClicked: { videoConfirm.close(); contact.joinVideo(true) }
            }
            WrapButton {
                objectName: "joinOnly"
                text: qsTr("Join without sending (they have the link)")
                onClicked: { videoConfirm.close(); contact.joinVideo(false) }
            }
            WrapButton {
                objectName: "videoCancel"
                text: qsTr("Cancel")
                flat: true
                onClicked: videoConfirm.close()
            }
        }
    }

    Dialog {
        id: outcome
        objectName: "contactOutcome"
        modal: true
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(parent ? parent.width - 2 * Theme.margin : 480, 480)
        title: contact.trying.kind === "text" ? qsTr("Did the text go?") : qsTr("How did it go?")
        // ContactOutcome: answered 1, no answer 2, left a message 3, sent 4.
        readonly property var choices: contact.trying.kind === "text"
            ? [{ outcome: 4, label: qsTr("Sent") }]
            : contact.trying.kind === "call"
              ? [{ outcome: 1, label: qsTr("Answered") }, { outcome: 2, label: qsTr("No answer") },
                 { outcome: 3, label: qsTr("Left a message") }]
              : [{ outcome: 1, label: qsTr("They joined") }, { outcome: 2, label: qsTr("They did not join") }]
        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.gap
            Repeater {
                model: outcome.choices
                delegate: WrapButton {
                    required property var modelData
                    objectName: "outcome_" + modelData.outcome
                    text: modelData.label
                    onClicked: {
                        contact.asked = true
                        contact.actions.logContactAttempt(contact.caseId, contact.trying.contactKind,
                                                          modelData.outcome)
                        outcome.close()
                    }
                }
            }
            WrapButton {
                objectName: "outcome_none"
                text: contact.trying.kind === "text" ? qsTr("Not sent")
                      : contact.trying.kind === "call" ? qsTr("Did not call") : qsTr("Did not start the call")
                flat: true
                onClicked: outcome.close()
            }
        }
    }
}
