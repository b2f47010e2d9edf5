import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// What is waiting to send, when the app last synced and any problem, with one clear action.
// The words come from AppController.syncSummary, which never says "synced" after a failure.
Rectangle {
    id: bar
    required property AppController app
    signal reviewRequested()
    Layout.fillWidth: true
    implicitHeight: Math.max(Theme.touch, row.implicitHeight) + Theme.gap
                    + (progress.visible ? progress.implicitHeight : 0)
    color: app.syncProblem !== "" || app.quarantinedCount > 0 ? Theme.warningBg : Theme.infoBg
    Accessible.role: Accessible.StatusBar
    Accessible.name: qsTr("Sync: %1").arg(app.syncSummary)

    // A sync that failed, or changes the server refused, are said aloud when they happen,
    // once; a sync that went well is not, as it happens every few minutes.
    readonly property string alarm: app.syncProblem !== "" ? app.syncProblem
                                  : app.quarantinedCount > 0
                                    ? qsTr("%n change(s) refused by the server: review them in the outbox.", "",
                                           app.quarantinedCount)
                                    : ""
    onAlarmChanged: Announcer.say(bar, alarm)

    // A long pull (a first sync of a whole council) shows how far it has come.
    ProgressBar {
        id: progress
        objectName: "syncProgress"
        visible: bar.app.syncProgress >= 0
        value: Math.max(0, bar.app.syncProgress)
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        Accessible.name: qsTr("Sync progress")
    }

    RowLayout {
        id: row
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.bottom: progress.visible ? progress.top : parent.bottom
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin
        spacing: Theme.gap
        Label {
            text: bar.app.syncProblem !== "" ? "⚠ Sync" : "Sync"
            font.bold: true
            font.pixelSize: Theme.body
            color: Theme.text
        }
        Label {
            objectName: "syncSummary"
            Layout.fillWidth: true
            text: bar.app.syncSummary
            wrapMode: Text.Wrap
            font.pixelSize: Theme.body
            color: Theme.text
            Accessible.role: Accessible.StaticText
            Accessible.name: text
        }
        Button {
            objectName: "syncAction"
            visible: bar.app.quarantinedCount > 0 || bar.app.pendingCount > 0 || !bar.app.syncing
            text: bar.app.quarantinedCount > 0 ? qsTr("Review") : qsTr("Sync now")
            enabled: !bar.app.syncing || bar.app.quarantinedCount > 0
            Accessible.name: bar.app.quarantinedCount > 0 ? qsTr("Review changes the server refused")
                                                          : qsTr("Sync now")
            onClicked: bar.app.quarantinedCount > 0 ? bar.reviewRequested() : bar.app.syncNow()
        }
    }
}
