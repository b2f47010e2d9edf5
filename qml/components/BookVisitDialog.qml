import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep

// Book a visit on a case, or move or reassign one: the officer, the day, the time window
// and why. The day list is the council's next ten working days (no weekends or bank holidays),
// and times are the council's clock, whatever zone the desk is set to.
Dialog {
    id: dialog
    // The desk's DeskActions: the working days and the council's clock.
    property var actions: null
    property var officers: []
    property string caseId
    property string visitId
    property var version: 0
    property string caseLabel
    signal book(string officerId, date start, int minutes, string purpose)

    title: visitId === "" ? qsTr("Book a visit") : qsTr("Reassign or move the visit")
    modal: true
    standardButtons: Dialog.Cancel
    width: Math.min(parent ? parent.width - 2 * Theme.margin : 560, 560)
    anchors.centerIn: parent

    // A move or reassignment opens on the visit as it is now: its officer, the council's day
    // (yyyy-MM-dd) and time (HH:mm), its length in minutes and its purpose.
    property string currentOfficerId
    property string currentDay
    property string currentTime
    property int currentMinutes: 60
    property string currentPurpose

    property var days: []
    readonly property var standardTimes: ["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]
    readonly property var standardLengths: [60, 90, 120]
    // The choices offered: the standard ones, and the visit's own when it is none of them, so
    // opening the dialog never changes a visit by itself.
    property var times: standardTimes
    property var lengths: standardLengths
    onAboutToShow: {
        days = actions ? actions.bookingDays(10) : []
        times = standardTimes
        lengths = standardLengths
        if (visitId === "") {
            officer.currentIndex = 0
            day.currentIndex = 0
            time.currentIndex = 1
            length.currentIndex = 0
            purpose.text = ""
            return
        }
        if (currentTime !== "" && standardTimes.indexOf(currentTime) < 0)
            times = standardTimes.concat([currentTime]).sort()
        if (currentMinutes > 0 && standardLengths.indexOf(currentMinutes) < 0)
            lengths = standardLengths.concat([currentMinutes]).sort(function(a, b) { return a - b })
        // An officer no longer on the list must be chosen again: Book stays off until then.
        officer.currentIndex = officer.indexOfValue(currentOfficerId)
        var found = false
        for (var i = 0; i < days.length; ++i) {
            if (Qt.formatDate(days[i].day, "yyyy-MM-dd") === currentDay) {
                day.currentIndex = i
                found = true
            }
        }
        if (!found && currentDay !== "") {
            // Its day is not a working day ahead (today at a weekend, or past): offered first,
            // so keeping the day is one choice among the rest.
            var own = new Date(currentDay + "T12:00:00")
            days = [{ day: own, label: Qt.formatDate(own, "ddd d MMM") }].concat(days)
            day.currentIndex = 0
        }
        time.currentIndex = Math.max(0, times.indexOf(currentTime))
        length.currentIndex = Math.max(0, lengths.indexOf(currentMinutes))
        purpose.text = currentPurpose
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Label { text: dialog.caseLabel; font.pixelSize: Theme.body; color: Theme.muted }
        Label { text: qsTr("Officer"); font.pixelSize: Theme.body }
        Choices {
            id: officer
            objectName: "bookOfficer"
            Layout.fillWidth: true
            model: dialog.officers
            textRole: "name"
            valueRole: "id"
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Officer")
        }
        Label { text: qsTr("Day and time"); font.pixelSize: Theme.body }
        // Day, time and length side by side where they fit, one under another at large text.
        Flow {
            id: when
            Layout.fillWidth: true
            spacing: Theme.gap
            Choices {
                id: day
                objectName: "bookDay"
                width: Math.min(implicitWidth, when.width)
                model: dialog.days
                textRole: "label"
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Day")
            }
            Choices {
                id: time
                objectName: "bookTime"
                model: dialog.times
                currentIndex: 1
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Start time")
            }
            Choices {
                id: length
                objectName: "bookLength"
                model: dialog.lengths.map(function(m) {
                    return m === 60 ? qsTr("1 hour") : m === 120 ? qsTr("2 hours") : qsTr("%1 minutes").arg(m)
                })
                font.pixelSize: Theme.body
                Accessible.name: qsTr("Length of the visit window")
            }
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Purpose of the visit")
            font.pixelSize: Theme.body
            color: Theme.text
            wrapMode: Text.Wrap
        }
        TextField {
            id: purpose
            objectName: "bookPurpose"
            Layout.minimumHeight: Theme.touch
            Layout.fillWidth: true
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Purpose of the visit")
        }
        Button {
            Accessible.name: dialog.visitId === "" ? qsTr("Book") : qsTr("Save")
            objectName: "bookConfirm"
            text: dialog.visitId === "" ? qsTr("Book") : qsTr("Save")
            highlighted: true
            enabled: officer.currentIndex >= 0
            font.pixelSize: Theme.body
            onClicked: {
                var d = dialog.days[day.currentIndex]
                var hm = time.currentText.split(":")
                // Window times are the council's clock; the board shows them the same way.
                var start = dialog.actions.councilTime(d.day, parseInt(hm[0], 10) * 60 + parseInt(hm[1], 10))
                dialog.book(officer.currentValue, start, dialog.lengths[length.currentIndex], purpose.text)
                dialog.close()
            }
        }
    }
}
