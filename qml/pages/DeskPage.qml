pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQuick.Controls.Material
import Doorstep
import Doorstep.Core

// The coordinator's desk, for the contact centre's desktops and tablets: the referral inbox,
// the live board of today's visits, officers' workload, follow-up calls due, safeguarding
// concerns and the KPIs. Everything is read from this device's store, so it works offline and
// catches up at every sync.
Page {
    id: page

    // A column's count from a model's columnCounts, 0 when it has none.
    function countIn(counts, column) {
        return counts[column] || 0
    }
    required property AppController app
    signal openCase(string caseId)
    signal openOutbox()
    property alias tab: tabs.currentIndex
    property alias inbox: inboxModel
    property alias board: boardModel
    property alias actions: deskActions
    property alias booking: booking
    property alias declining: declining
    background: Rectangle { color: Theme.pageBg }

    DeskActions {
        id: deskActions
        app: page.app
        kpisShown: tabs.currentIndex === 5
        onDone: function(ok, message) { toast.show(ok, message) }
    }
    DeskModel { id: inboxModel; app: page.app; view: DeskModel.Inbox }
    DeskModel { id: boardModel; app: page.app; view: DeskModel.Board }
    DeskModel { id: workloadModel; app: page.app; view: DeskModel.Workload; days: 5 }
    DeskModel { id: callsModel; app: page.app; view: DeskModel.FollowUpCalls }
    DeskModel { id: safeguardingModel; app: page.app; view: DeskModel.Safeguarding }
    DeskModel { id: conflictsModel; app: page.app; view: DeskModel.Conflicts }

    // The board's overdue visits are worked out against the clock: look again every minute.
    Timer {
        interval: 60000
        running: true
        repeat: true
        onTriggered: boardModel.reload()
    }
    // An officer's alert must reach the desk within seconds: while the desk is open it asks
    // the server every 15 seconds (the sync is cheap when nothing changed).
    Timer {
        objectName: "alertPoll"
        interval: 15000
        running: page.visible
        repeat: true
        onTriggered: page.app.syncNow()
    }

    ReasonDialog {
        id: declining
        objectName: "declineDialog"
        property string referralId
        property var version: 0
        property string residentName
        title: qsTr("Decline the referral")
        question: qsTr("Decline the referral of %1? The referrer is told it was declined.").arg(residentName)
        actionText: qsTr("Decline referral")
        offerShare: true
        onConfirmed: function(reason, share) {
            deskActions.decline(referralId, version, reason, share)
        }
    }

    BookVisitDialog {
        id: booking
        officers: deskActions.officers
        actions: deskActions
        onBook: function(officerId, start, minutes, purpose) {
            deskActions.bookVisit(visitId, version, caseId, officerId, start, minutes, purpose)
        }
    }

    // One of the desk's tabs: shows its view when pressed.
    component DeskTab: TabButton {
        id: deskTab
        required property int index
        checkable: true
        checked: tabs.currentIndex === index
        font.pixelSize: Theme.body
        Accessible.name: text
        onClicked: tabs.currentIndex = index
        // The chosen tab is underlined, not only coloured (a TabBar would draw this).
        Rectangle {
            visible: deskTab.checked
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            height: 4
            color: Theme.primary
        }
    }

    header: AppBar {
        title: qsTr("Coordinator desk")
        subtitle: page.app.officerName
        textSize: page.app.textSize
        ToolButton {
            objectName: "lockButton"
            text: qsTr("Lock")
            font.pixelSize: Theme.body
            Accessible.name: qsTr("Lock Doorstep")
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
        Notice {
            id: toast
            Layout.margins: Theme.gap
            visible: false
            function show(ok, message) {
                kind = ok ? "info" : "danger"
                label = ok ? qsTr("Saved") : qsTr("Not saved")
                text = message
                visible = true
                hideTimer.restart()
            }
            Timer { id: hideTimer; interval: 6000; onTriggered: toast.visible = false }
        }
        // The desk's views as tabs that wrap onto another line rather than scroll out of
        // sight, so every one can be seen and reached at any text size.
        Flow {
            id: tabs
            objectName: "deskTabs"
            property int currentIndex: 0
            Layout.fillWidth: true
            Accessible.role: Accessible.PageTabList
            DeskTab {
                index: 0
                objectName: "inboxTab"
                // New referrals to triage, and triaged ones waiting for a visit to be booked;
                // no counts before the first sync, when nothing is known yet.
                text: !page.app.everSynced ? qsTr("Inbox")
                      : qsTr("Inbox: %1 new, %2 to book").arg(page.countIn(inboxModel.columnCounts, "Received"))
                                                        .arg(page.countIn(inboxModel.columnCounts, "Triaged"))
                Accessible.name: text
                font.pixelSize: Theme.body
            }
            DeskTab {
                index: 1
                readonly property int overdue: page.countIn(boardModel.columnCounts, "overdue")
                readonly property int alerts: Math.max(page.countIn(boardModel.columnCounts, "alert"), page.app.openAlerts)
                text: alerts > 0 ? qsTr("Board: ⚠ %1 ALERT").arg(alerts)
                      : overdue > 0 ? qsTr("Board: %1 overdue").arg(overdue) : qsTr("Board")
                Accessible.name: text
                font.pixelSize: Theme.body
                font.bold: overdue > 0 || alerts > 0
            }
            DeskTab { index: 2; text: qsTr("Workload"); font.pixelSize: Theme.body; Accessible.name: qsTr("Workload") }
            DeskTab {
                index: 3
                text: page.app.everSynced ? qsTr("Follow-up calls (%1)").arg(callsModel.count) : qsTr("Follow-up calls")
                font.pixelSize: Theme.body
                Accessible.name: text
            }
            DeskTab {
                index: 4
                text: page.app.everSynced ? qsTr("Safeguarding (%1)").arg(safeguardingModel.count) : qsTr("Safeguarding")
                font.pixelSize: Theme.body
                Accessible.name: text
            }
            DeskTab { index: 5; text: qsTr("KPIs"); font.pixelSize: Theme.body; Accessible.name: qsTr("KPIs") }
            DeskTab {
                index: 6
                text: page.app.everSynced ? qsTr("Conflicts (%1)").arg(conflictsModel.count) : qsTr("Conflicts")
                font.pixelSize: Theme.body
                font.bold: conflictsModel.count > 0
                Accessible.name: text
            }
        }
        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: tabs.currentIndex

            // Inbox
            ColumnLayout {
            spacing: 0
            DeskFilterBar {
                Layout.fillWidth: true
                Layout.margins: Theme.gap
                name: "inbox"
                model: inboxModel
                wards: deskActions.wards
                showUrgency: true
            }
            ListView {
                id: inboxList
                // Read in the order the rows show (ReadingOrder).
                ReadingOrder { view: inboxList }
                objectName: "inboxList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: Theme.gap
                topMargin: Theme.gap
                leftMargin: Theme.margin
                rightMargin: Theme.margin
                bottomMargin: Theme.margin
                model: inboxModel
                delegate: ReferralCard {
                    app: page.app
                    width: inboxList.width - inboxList.leftMargin - inboxList.rightMargin
                    onTriage: function(urgency, linkCaseId) {
                        deskActions.triage(referralId, version, urgency, linkCaseId)
                    }
                    onDecline: {
                        declining.referralId = referralId
                        declining.version = version
                        declining.residentName = residentName
                        declining.open()
                    }
                    onOpenCase: page.openCase(caseId)
                    onBook: {
                        booking.caseId = caseId
                        booking.visitId = ""
                        booking.version = 0
                        booking.caseLabel = residentName + " · " + caseNumber
                        booking.open()
                    }
                }
                Label {
                    objectName: "inboxEmpty"
                    anchors.centerIn: parent
                    visible: inboxList.count === 0
                    // An empty inbox is news only once the first sync has brought the referrals.
                    text: !page.app.everSynced ? qsTr("Syncing…")
                          : inboxModel.totalCount > 0 ? qsTr("No referrals match.") : qsTr("No referrals waiting.")
                    font.pixelSize: Theme.body
                    color: Theme.muted
                }
            }
            }

            // Live board: one column per status, for the day chosen.
            ColumnLayout {
            spacing: 0
            DeskFilterBar {
                Layout.fillWidth: true
                Layout.margins: Theme.gap
                name: "board"
                model: boardModel
                officers: deskActions.officers
                showDay: true
            }
            // The board's columns side by side, scrolling sideways where the screen is too
            // narrow for them all, with a scroll bar that says so.
            Flickable {
                id: board
                objectName: "board"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                contentWidth: boardRow.implicitWidth + 2 * Theme.margin
                contentHeight: boardRow.implicitHeight + 2 * Theme.margin
                ScrollBar.horizontal: ScrollBar { policy: board.contentWidth > board.width ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded }
                ScrollBar.vertical: ScrollBar {}
                Row {
                    id: boardRow
                    x: Theme.margin
                    y: Theme.margin
                    spacing: Theme.gap
                    Repeater {
                        model: [
                            { key: "alert", title: qsTr("Alerts") },
                            { key: "overdue", title: qsTr("Overdue") },
                            { key: "late", title: qsTr("Late") },
                            { key: "scheduled", title: qsTr("Scheduled") },
                            { key: "en_route", title: qsTr("En route") },
                            { key: "in_progress", title: qsTr("In progress") },
                            { key: "completed", title: qsTr("Completed") },
                            { key: "no_access", title: qsTr("No access") },
                            { key: "cancelled", title: qsTr("Cancelled") }
                        ]
                        delegate: Column {
                            id: boardColumn
                            required property var modelData
                            width: 250 * Theme.textScale
                            spacing: Theme.gap
                            Label {
                                width: parent.width
                                wrapMode: Text.Wrap
                                text: boardColumn.modelData.title + " (" + (boardModel.columnCounts[boardColumn.modelData.key] || 0) + ")"
                                font.pixelSize: Theme.heading
                                font.bold: true
                                color: (boardColumn.modelData.key === "overdue" || boardColumn.modelData.key === "alert")
                                       && (boardModel.columnCounts[boardColumn.modelData.key] || 0) > 0
                                       ? Theme.danger : Theme.primary
                                Accessible.role: Accessible.Heading
                            }
                            Repeater {
                                model: boardModel
                                delegate: BoardCard {
                                    app: page.app
                                    required property string column
                                    width: boardColumn.width
                                    visible: column === boardColumn.modelData.key
                                    height: visible ? implicitHeight : 0
                                    onAcknowledge: function(action) {
                                        deskActions.acknowledgeOverdue(row.visitId, row.caseId, action)
                                    }
                                    onAnswerAlert: function(answer, text) {
                                        deskActions.answerAlert(row.visitId, row.caseId, answer, text)
                                    }
                                    onReassign: {
                                        booking.caseId = row.caseId
                                        booking.visitId = row.visitId
                                        booking.version = row.version
                                        booking.currentOfficerId = row.officerId
                                        booking.currentDay = page.app.when(row.windowStart, "yyyy-MM-dd")
                                        booking.currentTime = page.app.when(row.windowStart, "HH:mm")
                                        booking.currentMinutes = Math.round((row.windowEnd - row.windowStart) / 60000)
                                        booking.currentPurpose = row.purpose
                                        booking.caseLabel = row.residentName + " · " + row.caseNumber
                                        booking.open()
                                    }
                                }
                            }
                        }
                    }
                }
            }

            }

            // Workload: visits per officer per day for the working week. A table, so at large
            // text on a narrow screen it scrolls sideways as a whole, with a scroll bar that
            // says so, and its columns grow with the words (WCAG 1.4.10 allows two-dimensional
            // tables to scroll both ways). The officers are a council's few, so all are made.
            Flickable {
                id: workload
                objectName: "workload"
                readonly property real nameWidth: 220 * Theme.textScale
                readonly property real dayWidth: 120 * Theme.textScale
                readonly property real barUnit: 15 * Theme.textScale
                clip: true
                contentWidth: workloadTable.width + 2 * Theme.margin
                contentHeight: workloadTable.height + 2 * Theme.margin
                ScrollBar.horizontal: ScrollBar { policy: workload.contentWidth > workload.width ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded }
                ScrollBar.vertical: ScrollBar {}
                Column {
                    id: workloadTable
                    x: Theme.margin
                    y: Theme.margin
                    spacing: Theme.gap / 2
                    Row {
                        Label { width: workload.nameWidth; text: qsTr("Officer"); font.bold: true; font.pixelSize: Theme.body; wrapMode: Text.Wrap }
                        Repeater {
                            model: 5
                            Label {
                                required property int index
                                width: workload.dayWidth
                                text: page.app.when(page.app.dayStart(index), "ddd d MMM")
                                font.bold: true
                                font.pixelSize: Theme.body
                                wrapMode: Text.Wrap
                            }
                        }
                        Label { text: qsTr("Total"); font.bold: true; font.pixelSize: Theme.body }
                    }
                    Repeater {
                        model: workloadModel
                        Row {
                            id: workloadRow
                            required property string officerName
                            required property var days
                            required property int total
                            Label { width: workload.nameWidth; text: workloadRow.officerName; font.pixelSize: Theme.body; wrapMode: Text.Wrap }
                            Repeater {
                                model: workloadRow.days
                                delegate: Item {
                                    id: dayBar
                                    required property int modelData
                                    readonly property real barWidth: Math.min(6 * workload.barUnit, modelData * workload.barUnit)
                                    width: workload.dayWidth
                                    height: count.height
                                    Rectangle {
                                        width: dayBar.barWidth
                                        height: count.height * 0.6
                                        anchors.verticalCenter: parent.verticalCenter
                                        radius: 3
                                        color: dayBar.modelData >= 6 ? Theme.danger : Theme.infoBg
                                        border.color: Theme.primary
                                    }
                                    Label {
                                        id: count
                                        x: dayBar.barWidth + 4
                                        text: dayBar.modelData
                                        font.pixelSize: Theme.body
                                    }
                                }
                            }
                            Label { text: workloadRow.total; font.pixelSize: Theme.body; font.bold: true }
                        }
                    }
                }
            }

            // Follow-up satisfaction calls due.
            ListView {
                id: callsList
                // Read in the order the rows show (ReadingOrder).
                ReadingOrder { view: callsList }
                objectName: "callsList"
                clip: true
                spacing: Theme.gap
                topMargin: Theme.gap
                leftMargin: Theme.margin
                rightMargin: Theme.margin
                model: callsModel
                delegate: FollowUpCallCard {
                    app: page.app
                    width: callsList.width - callsList.leftMargin - callsList.rightMargin
                    onSave: function(visitId, caseId, result, score, comments) {
                        deskActions.recordFollowUpCall(visitId, caseId, result, score, comments)
                    }
                }
                Label {
                    anchors.centerIn: parent
                    visible: callsList.count === 0
                    text: qsTr("No follow-up calls due.")
                    font.pixelSize: Theme.body
                    color: Theme.muted
                }
            }

            // Safeguarding concerns of the last 14 days, open ones first.
            ListView {
                id: sgList
                // Read in the order the rows show (ReadingOrder).
                ReadingOrder { view: sgList }
                clip: true
                spacing: Theme.gap
                topMargin: Theme.gap
                leftMargin: Theme.margin
                rightMargin: Theme.margin
                model: safeguardingModel
                delegate: SafeguardingCard {
                    app: page.app
                    width: sgList.width - sgList.leftMargin - sgList.rightMargin
                    staff: deskActions.staff
                    onAssign: function(userId) { deskActions.assignConcern(caseId, eventId, userId) }
                    onRecordAction: function(text) { deskActions.recordConcernAction(caseId, eventId, text) }
                    onCloseConcern: function(text) { deskActions.closeConcern(caseId, eventId, text) }
                }
                Label {
                    anchors.centerIn: parent
                    visible: sgList.count === 0
                    text: qsTr("No safeguarding concerns in the last 14 days.")
                    font.pixelSize: Theme.body
                    color: Theme.muted
                }
            }

            KpiView { actions: deskActions }

            // Two tablets changed the same detail of a resident from the same version: both
            // values, whose change did not apply and when; keep one, or type the right one.
            ListView {
                id: conflictList
                // Read in the order the rows show (ReadingOrder).
                ReadingOrder { view: conflictList }
                objectName: "conflictList"
                clip: true
                spacing: Theme.gap
                topMargin: Theme.gap
                leftMargin: Theme.margin
                rightMargin: Theme.margin
                model: conflictsModel
                delegate: Rectangle {
                    id: conflictCard
                    required property var row
                    width: conflictList.width - conflictList.leftMargin - conflictList.rightMargin
                    implicitHeight: conflictColumn.implicitHeight + 2 * Theme.gap
                    height: implicitHeight
                    radius: Theme.radius
                    color: Theme.cardBg
                    border.color: Theme.accent
                    ColumnLayout {
                        id: conflictColumn
                        anchors.fill: parent
                        anchors.margins: Theme.gap
                        spacing: 4
                        Label {
                            Layout.fillWidth: true
                            text: qsTr("%1 · %2: %3").arg(conflictCard.row.residentName)
                                    .arg(conflictCard.row.caseNumber).arg(conflictCard.row.fieldLabel)
                            font.pixelSize: Theme.body
                            font.bold: true
                            color: Theme.text
                            wrapMode: Text.Wrap
                        }
                        Label {
                            Layout.fillWidth: true
                            // Who set the kept value and when, from the resident's history.
                            text: conflictCard.row.serverUser !== ""
                                  ? qsTr("On the server: %1 (set by %2 at %3)").arg(conflictCard.row.serverValue)
                                        .arg(conflictCard.row.serverUser)
                                        .arg(page.app.when(conflictCard.row.serverSetAt, "HH:mm ddd d MMM"))
                                  : qsTr("On the server: %1 (saved %2)").arg(conflictCard.row.serverValue)
                                        .arg(page.app.when(conflictCard.row.residentUpdatedAt, "HH:mm ddd d MMM"))
                            font.pixelSize: Theme.small
                            color: Theme.text
                            wrapMode: Text.Wrap
                        }
                        Label {
                            Layout.fillWidth: true
                            text: qsTr("From %1's tablet: %2 (received %3)").arg(conflictCard.row.deviceUser)
                                    .arg(conflictCard.row.deviceValue)
                                    .arg(page.app.when(conflictCard.row.receivedAt, "HH:mm ddd d MMM"))
                            font.pixelSize: Theme.small
                            color: Theme.text
                            wrapMode: Text.Wrap
                        }
                        WrapButton {
                            objectName: "keepServer_" + conflictCard.row.field
                            text: qsTr("Keep %1").arg(conflictCard.row.serverValue)
                            font.pixelSize: Theme.small
                            Accessible.name: text
                            onClicked: deskActions.resolveConflict(conflictCard.row.caseId, conflictCard.row.residentId,
                                                                   conflictCard.row.field, conflictCard.row.serverText,
                                                                   conflictCard.row.serverText)
                        }
                        WrapButton {
                            objectName: "useDevice_" + conflictCard.row.field
                            text: qsTr("Use %1").arg(conflictCard.row.deviceValue)
                            font.pixelSize: Theme.small
                            Accessible.name: text
                            onClicked: deskActions.resolveConflict(conflictCard.row.caseId, conflictCard.row.residentId,
                                                                   conflictCard.row.field, conflictCard.row.serverText,
                                                                   conflictCard.row.deviceText)
                        }
                        RowLayout {
                            visible: conflictCard.row.typable === true
                            Layout.fillWidth: true
                            Label {
                                Layout.fillWidth: true
                                text: qsTr("Or type the right value")
                                font.pixelSize: Theme.small
                                color: Theme.text
                                wrapMode: Text.Wrap
                            }
                            TextField {
                                id: typed
                                objectName: "typedValue_" + conflictCard.row.field
                                Layout.fillWidth: true
                                Layout.minimumHeight: Theme.touch
                                font.pixelSize: Theme.small
                                Accessible.name: qsTr("The right value")
                            }
                            WrapButton {
                                objectName: "saveTyped_" + conflictCard.row.field
                                text: qsTr("Save")
                                font.pixelSize: Theme.small
                                Accessible.name: qsTr("Save the typed value")
                                onClicked: deskActions.resolveConflictTyped(conflictCard.row.caseId,
                                                                            conflictCard.row.residentId,
                                                                            conflictCard.row.field,
                                                                            conflictCard.row.serverText, typed.text)
                            }
                        }
                    }
                }
                Label {
                    anchors.centerIn: parent
                    visible: conflictList.count === 0
                    text: qsTr("No conflicts to resolve.")
                    font.pixelSize: Theme.body
                    color: Theme.muted
                }
            }
        }
    }
}
