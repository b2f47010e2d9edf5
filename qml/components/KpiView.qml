pragma ComponentBehavior: Bound

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep
import Doorstep.Core

// The service's KPIs for a chosen period: the headline figures as numbers, the breakdowns as
// labelled bar charts, and the repeat contacts as a list to act on.
Flickable {
    id: view
    required property DeskActions actions
    readonly property var k: actions.kpis
    clip: true
    contentHeight: column.implicitHeight + 2 * Theme.margin

    function setPeriod(days) {
        actions.choosePastDays(days)
    }

    ColumnLayout {
        id: column
        x: Theme.margin
        y: Theme.margin
        width: view.width - 2 * Theme.margin
        spacing: Theme.margin

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: view.k.from ? qsTr("%1 to %2").arg(Qt.formatDate(view.k.from, "d MMM yyyy"))
                                                    .arg(Qt.formatDate(view.k.to, "d MMM yyyy"))
                                  : ""
            font.pixelSize: Theme.heading
            font.bold: true
            color: Theme.primary
            Accessible.role: Accessible.Heading
        }
        // The period; wraps onto more lines in portrait and at large text.
        Flow {
            Layout.preferredWidth: column.width
            spacing: Theme.gap
            // The chosen one shows as selected (filled), and says so to a screen reader.
            Repeater {
                model: [
                    { preset: "7", label: qsTr("Last 7 days") },
                    { preset: "28", label: qsTr("Last 28 days") },
                    { preset: "quarter", label: qsTr("Last quarter (financial)") },
                    { preset: "year", label: qsTr("Last 12 months") }
                ]
                delegate: Button {
                    required property var modelData
                    objectName: "preset_" + modelData.preset
                    text: modelData.label
                    font.pixelSize: Theme.body
                    highlighted: view.actions.kpiPreset === modelData.preset
                    Accessible.name: highlighted ? qsTr("%1, selected").arg(modelData.label) : modelData.label
                    onClicked: {
                        if (modelData.preset === "quarter")
                            view.actions.chooseLastQuarter()
                        else if (modelData.preset === "year")
                            view.actions.chooseLastYear()
                        else
                            view.setPeriod(Number(modelData.preset))
                    }
                }
            }
        }
        // Or any period, as dates.
        Flow {
            Layout.preferredWidth: column.width
            spacing: Theme.gap
            // Labels stay visible above the fields, whatever is typed in them.
            Column {
                Label { text: qsTr("From (year-month-day)"); font.pixelSize: Theme.body; color: Theme.text }
                TextField {
                    id: periodFrom
                    objectName: "periodFrom"
                    width: 200 * Theme.textScale
                    height: Math.max(implicitHeight, Theme.touch)
                    font.pixelSize: Theme.body
                    inputMethodHints: Qt.ImhDate
                    Accessible.name: qsTr("From, as year-month-day")
                }
            }
            Column {
                Label { text: qsTr("To (year-month-day)"); font.pixelSize: Theme.body; color: Theme.text }
                TextField {
                    id: periodTo
                    objectName: "periodTo"
                    width: 200 * Theme.textScale
                    height: Math.max(implicitHeight, Theme.touch)
                    font.pixelSize: Theme.body
                    inputMethodHints: Qt.ImhDate
                    Accessible.name: qsTr("To, as year-month-day")
                }
            }
            Button {
                objectName: "showPeriod"
                text: qsTr("Show this period")
                font.pixelSize: Theme.body
                Accessible.name: text
                onClicked: periodProblem.text = view.actions.choosePeriod(periodFrom.text, periodTo.text)
            }
        }
        Label {
            id: periodProblem
            objectName: "periodProblem"
            visible: text !== ""
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.danger
            font.pixelSize: Theme.body
        }

        // The same figures as a CSV file, for the council's reports: the file the server's
        // `export kpis` writes for these days.
        Flow {
            Layout.preferredWidth: column.width
            spacing: Theme.gap
            Column {
                Label {
                    text: qsTr("Save these figures as a CSV file")
                    font.pixelSize: Theme.body
                    color: Theme.text
                }
                TextField {
                    id: kpiFile
                    objectName: "kpiFile"
                    width: Math.min(column.width, 560 * Theme.textScale)
                    height: Math.max(implicitHeight, Theme.touch)
                    // Follows the period until a person types their own.
                    text: view.actions.kpiFileName === "" ? ""
                          : view.actions.kpiFolder() + "/" + view.actions.kpiFileName
                    font.pixelSize: Theme.body
                    selectByMouse: true
                    Accessible.name: qsTr("Save the CSV file as")
                }
            }
            Button {
                objectName: "exportKpis"
                text: qsTr("Save CSV")
                font.pixelSize: Theme.body
                enabled: kpiFile.text !== ""
                Accessible.name: qsTr("Save the figures as a CSV file")
                onClicked: view.actions.exportKpis(kpiFile.text)
            }
        }

        GridLayout {
            Layout.preferredWidth: column.width
            columns: Math.max(1, Math.min(4, Math.floor(column.width / (260 * Theme.textScale))))
            columnSpacing: Theme.gap
            rowSpacing: Theme.gap
            Repeater {
                model: [
                    { label: qsTr("Referrals received"), value: view.k.referralsReceived },
                    { label: qsTr("Days from referral to first visit (median)"),
                      value: view.k.firstVisitReferrals > 0 ? Number(view.k.medianDaysToFirstVisit).toFixed(1) : "–" },
                    { label: qsTr("Visits completed"), value: view.k.visitsCompleted },
                    { label: qsTr("Visits with no access"), value: view.k.visitsNoAccess },
                    { label: qsTr("Outcomes recorded"), value: view.k.outcomes },
                    { label: qsTr("Partner referrals"), value: view.k.partnerReferrals },
                    // Satisfaction always says how many it comes from, beside the response
                    // rate: residents who did not answer, declined or ended the call are not
                    // left out of sight.
                    { label: qsTr("Satisfaction, from %1 of %2 residents called").arg(view.k.callsReached || 0)
                                 .arg(view.k.followUpResidents || 0),
                      value: view.k.callsReached > 0 ? qsTr("%1 out of 5").arg(Number(view.k.meanSatisfaction).toFixed(1)) : "–" },
                    { label: qsTr("Response rate: %1 declined the survey, %2 no answer, %3 not reachable in their channel")
                                 .arg(view.k.callsDeclined || 0).arg(view.k.callsNoAnswer || 0)
                                 .arg(view.k.callsUnreachable || 0),
                      value: view.k.followUpResidents > 0 ? Math.round(100 * view.k.responseRate) + "%" : "–" },
                    { label: qsTr("Follow-up call attempts"), value: view.k.followUpCalls }
                ]
                delegate: Rectangle {
                    id: tileEntry
                    required property var modelData
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.maximumWidth: column.width
                    implicitHeight: tile.implicitHeight + 2 * Theme.gap
                    radius: Theme.radius
                    color: Theme.cardBg
                    border.color: Theme.divider
                    Accessible.role: Accessible.StaticText
                    Accessible.name: modelData.label + ": " + modelData.value
                    ColumnLayout {
                        id: tile
                        anchors.fill: parent
                        anchors.margins: Theme.gap
                        Label {
                            text: tileEntry.modelData.value === undefined ? "–" : modelData.value
                            font.pixelSize: Theme.title + 6
                            font.bold: true
                            color: Theme.primary
                        }
                        Label {
                            Layout.fillWidth: true
                            text: tileEntry.modelData.label
                            wrapMode: Text.Wrap
                            font.pixelSize: Theme.small
                            color: Theme.muted
                        }
                    }
                }
            }
        }

        GridLayout {
            Layout.preferredWidth: column.width
            columns: column.width >= 1000 * Theme.textScale ? 2 : 1
            columnSpacing: 2 * Theme.margin
            rowSpacing: Theme.margin
            BarChart { title: qsTr("Referrals by source"); rows: view.k.referralsBySource || [] }
            BarChart { title: qsTr("Outcomes by signposting area"); rows: view.k.outcomesByArea || [] }
            BarChart { title: qsTr("Partner referrals"); rows: view.k.partnerReferralsByPartner || [] }
            BarChart {
                title: qsTr("Satisfaction scores")
                rows: {
                    var c = view.k.satisfactionCounts || []
                    var out = []
                    for (var i = c.length - 1; i >= 0; --i)
                        out.push({ label: qsTr("%1 out of 5").arg(i + 1), count: c[i] })
                    return out
                }
            }
        }

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Repeat contacts: %1 residents with 3 or more contacts in 30 days")
                    .arg((view.k.repeatContacts || []).length)
            font.pixelSize: Theme.heading
            font.bold: true
            Accessible.role: Accessible.Heading
        }
        Repeater {
            model: view.k.repeatContacts || []
            // One line per resident that wraps, rather than columns that cannot fit at
            // large text.
            delegate: Label {
                required property var modelData
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("%1 · case %2 · %3 contacts, %4 to %5").arg(modelData.residentName)
                        .arg(modelData.caseNumber).arg(modelData.contacts)
                        .arg(view.actions.app.when(modelData.firstContact, "d MMM"))
                        .arg(view.actions.app.when(modelData.lastContact, "d MMM"))
                font.pixelSize: Theme.body
                color: Theme.text
            }
        }
    }
}
