pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// Changes waiting to send, and each change the server refused with its reason. A refused
// change is kept until the officer has read it and chooses to dismiss it.
Page {
    id: page
    required property AppController app
    signal back()
    background: Rectangle { color: Theme.pageBg }

    OutboxModel {
        id: outbox
        app: page.app
    }

    header: BackBar {
        title: qsTr("Waiting to send")
        subtitle: page.app.syncSummary
        onBack: page.back()
    }

    ListView {
        id: list
        // Read in the order the rows show (ReadingOrder).
        ReadingOrder { view: list }
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: 6
        clip: true
        model: outbox
        delegate: Rectangle {
            id: change
            required property string mutationId
            required property string state
            required property string createdAtText
            required property string description
            required property string error
            width: list.width
            implicitHeight: row.implicitHeight + 2 * Theme.gap
            radius: Theme.radius
            color: state === "quarantined" ? Theme.warningBg : Theme.cardBg
            border.color: state === "quarantined" ? Theme.accent : Theme.divider
            RowLayout {
                id: row
                anchors.fill: parent
                anchors.margins: Theme.gap
                spacing: Theme.gap
                ColumnLayout {
                    Layout.fillWidth: true
                    Label {
                        text: (change.state === "quarantined" ? qsTr("Refused by the server: ") : qsTr("Waiting: ")) + change.description
                        font.pixelSize: Theme.body
                        font.bold: true
                        color: Theme.text
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Label {
                        text: change.createdAtText + (change.error !== "" ? " · " + change.error : "")
                        font.pixelSize: Theme.body
                        color: Theme.text
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                }
                Button {
                    visible: change.state === "quarantined"
                    objectName: "dismissRefused"
                    text: qsTr("Dismiss")
                    font.pixelSize: Theme.body
                    Layout.minimumHeight: Theme.touch
                    Accessible.name: qsTr("Dismiss the refused change: %1").arg(change.description)
                    onClicked: outbox.dismiss(change.mutationId)
                }
            }
        }
        Label {
            anchors.centerIn: parent
            visible: list.count === 0
            text: qsTr("Nothing is waiting to send.")
            font.pixelSize: Theme.body
            color: Theme.muted
        }
    }
}
