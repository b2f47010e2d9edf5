import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// The lone-working timer: counts down to the expected end of the visit. "I'm safe" extends
// it; the alert is deliberately small and quiet, for use in front of the resident.
Rectangle {
    id: bar
    required property VisitFlow flow
    property bool alertSent: false
    Layout.fillWidth: true
    implicitHeight: Math.max(Theme.touch, row.implicitHeight) + Theme.gap
    color: flow.overdue ? Theme.dangerBg : Theme.infoBg

    function minutesText(seconds) {
        if (seconds <= 0)
            return qsTr("Overdue by %1 min").arg(Math.ceil(-seconds / 60))
        return qsTr("%1 min left").arg(Math.ceil(seconds / 60))
    }

    // A Flow, so at 200% text the buttons move to a second line instead of covering the time.
    Flow {
        id: row
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin
        spacing: Theme.gap
        Row {
            spacing: Theme.gap
            height: Theme.touch
            Label {
                anchors.verticalCenter: parent.verticalCenter
                text: qsTr("Lone working")
                font.bold: true
                font.pixelSize: Theme.body
                color: Theme.text
            }
            Label {
                objectName: "loneWorkerTime"
                anchors.verticalCenter: parent.verticalCenter
                text: (bar.flow.overdue ? "⚠ " : "") + bar.minutesText(bar.flow.secondsLeft)
                      + (bar.alertSent ? qsTr(" · alert sent") : "")
                font.pixelSize: Theme.body
                font.bold: bar.flow.overdue
                color: bar.flow.overdue ? Theme.danger : Theme.text
            }
        }
        Button {
            objectName: "imSafe"
            text: qsTr("I'm safe: add 30 min")
            font.pixelSize: Theme.body
            height: Theme.touch
            Accessible.name: qsTr("I'm safe: add 30 minutes to the lone-working timer")
            onClicked: bar.flow.imSafe(30)
        }
        Button {
            objectName: "discreetAlert"
            text: qsTr("Alert")
            flat: true
            font.pixelSize: Theme.small
            height: Theme.touch
            width: Math.max(Theme.touch + 24, implicitWidth)
            Accessible.name: qsTr("Send a lone-working alert to the coordinators")
            onClicked: { bar.flow.raiseAlert(); bar.alertSent = true }
        }
    }
}
