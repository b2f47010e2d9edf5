import QtQuick
import QtTest
import Doorstep
import Doorstep.Core
import "screens.js" as Screens

// A visiting officer's day through the real UI: enrol and choose a PIN, Today, a whole visit
// (check in, consent, checklist, assessment with skip logic, check your answers, outcome,
// safeguarding, check out), the lone-worker overdue path, a visit resumed after the app was
// torn down mid-form, and every screen walked for touch size and accessible names, also at
// 200% text. The server is the real doorstep-server with the demo council (see testrig.h).
TestCase {
    id: tc
    name: "Officer"

    // Any warning while a test runs fails it: a QML warning is a bug, and not every one
    // reaches the engine's warnings() signal (QQmlComponent's own, for one). One is Qt's
    // and not ours: Qt 6.4's item views say "DelegateModel::cancel: index out range" when
    // they stop making a delegate for a row the model has just removed, as when a list's
    // last conflict or refused change goes; the row is gone, as it should be.
    function init() {
        failOnWarning(/^(?!DelegateModel::cancel: index out range )/)
    }
    when: windowShown

    property var app: null
    property var win: null
    property var usedVisits: []
    property string resumedVisit: ""
    property string resumedQuestion: ""
    // The visit under way from test_3 on: one visit is in progress at a time.
    property var underWay: null
    // The visit whose resident's facts every step must show (test_2).
    property var visitInHand: null

    Component { id: mainComponent; Main {} }
    Component { id: caseModelComponent; CaseModel {} }

    // ---- helpers ---------------------------------------------------------------------------

    function openApp(tablet) {
        app = rig.createApp(tablet)
        win = mainComponent.createObject(null, { app: app })
        verify(win !== null, "Main.qml did not load")
        // Typing goes to the active window: under Xvfb, with no window manager, a new window
        // is not made active by itself.
        win.requestActivate()
        tryVerify(function() { return win.active }, 5000, "the app's window did not become active")
        app.start()
    }

    function closeApp() {
        win.destroy()
        win = null
        wait(0)
        rig.destroyApp(app)
        app = null
    }

    function visibleItem(item) {
        for (var p = item; p; p = p.parent) {
            if (!p.visible || p.opacity === 0)
                return false
        }
        return true
    }

    function findIn(root, predicate) {
        if (!root)
            return null
        if (predicate(root))
            return root
        var kids = root.children || []
        for (var i = 0; i < kids.length; ++i) {
            var found = findIn(kids[i], predicate)
            if (found)
                return found
        }
        return null
    }

    // Items on the page, or in a dialog (dialogs live in the window's overlay).
    function named(name) {
        var match = function(i) { return i.objectName === name && visibleItem(i) }
        return findIn(win.contentItem, match) || findIn(win.contentItem.parent, match)
    }

    function waitFor(name, timeout) {
        var item = null
        tryVerify(function() { item = named(name); return item !== null }, timeout || 5000,
                  "no visible item " + name)
        return item
    }

    // Scrolls the nearest flickable so the item is in the middle of it, as a finger would.
    function scrollTo(item) {
        for (var a = item.parent; a; a = a.parent) {
            if (a.contentY !== undefined && a.contentHeight !== undefined && a.flicking !== undefined) {
                var q = item.mapToItem(a.contentItem, 0, 0)
                var most = Math.max(0, a.contentHeight - a.height)
                a.contentY = Math.max(0, Math.min(most, q.y - (a.height - item.height) / 2))
                return
            }
        }
    }

    // The topmost visible child under a point, looking through Main's idle watcher, which
    // lets every touch through.
    function childUnder(parent, local) {
        var kids = Array.prototype.slice.call(parent.children).sort(function(a, b) { return a.z - b.z })
        for (var i = kids.length - 1; i >= 0; --i) {
            var k = kids[i]
            if (!k.visible || k.objectName === "idleWatcher")
                continue
            var q = parent.mapToItem(k, local.x, local.y)
            if (q.x >= 0 && q.y >= 0 && q.x < k.width && q.y < k.height)
                return k
        }
        return null
    }

    // True when a touch at the item's centre would land on the item (or inside it).
    function hits(item) {
        var p = item.mapToItem(win.contentItem, item.width / 2, item.height / 2)
        if (p.x < 0 || p.y < 0 || p.x >= win.width || p.y >= win.height)
            return false
        for (var hit = win.contentItem; hit; ) {
            if (hit === item)
                return true
            hit = childUnder(hit, win.contentItem.mapToItem(hit, p.x, p.y))
        }
        return false
    }

    // Clicks like a finger when the item is on screen; an item scrolled out of view gets its
    // clicked signal, which runs the same handler.
    function press(name) {
        settle()
        // Let delegates for the previous question go and layouts settle before aiming.
        wait(0)
        waitForRendering(win.contentItem)
        var item = waitFor(name)
        verify(item.enabled, name + " is disabled")
        if (!hits(item)) {
            scrollTo(item)
            waitForRendering(win.contentItem)
        }
        if (hits(item)) {
            mouseClick(item)
        } else {
            console.log("not hit", name)
            if (item.checkable)
                item.toggle()
            item.clicked()
        }
        return item
    }

    function type(name, text) {
        var field = waitFor(name)
        field.forceActiveFocus()
        field.selectAll()
        for (var i = 0; i < text.length; ++i)
            keyClick(text[i])
        compare(field.text, text)
    }

    function shoot(name) { Screens.shoot(tc, win, rig, name) }

    function checkScreen(what) {
        settle()
        Screens.check(tc, win, rig, what)
    }

    // Like tryVerify, but the failure message is worked out when it fails.
    function until(condition, timeout, message) {
        var end = Date.now() + timeout
        while (!condition()) {
            if (Date.now() > end)
                fail(message())
            wait(20)
        }
    }

    // Waits for a StackView transition to end, so only the page on top is on screen.
    function settle() {
        var s = win.stack()
        if (s)
            tryVerify(function() { return !s.busy }, 5000, "page transition did not end")
    }

    function page() { settle(); return win.currentPage() }

    // Every text on screen, page and overlays, joined.
    function textsOnScreen() {
        var out = []
        var walk = function(item) {
            if (!item || !item.visible)
                return
            if (typeof item.text === "string" && item.text !== "")
                out.push(item.text)
            var kids = item.children || []
            for (var i = 0; i < kids.length; ++i)
                walk(kids[i])
        }
        walk(win.contentItem.parent)
        return out.join("\n")
    }

    function firstScheduledVisit() {
        var list = page().visits
        tryVerify(function() { return list.count > 0 }, 20000, "no visits synced")
        for (var i = 0; i < list.count; ++i) {
            var v = list.get(i)
            if (v.status === 1 && tc.usedVisits.indexOf(v.visitId) < 0) {
                tc.usedVisits.push(v.visitId)
                return v
            }
        }
        fail("no scheduled visit left")
    }

    // A scheduled visit, preferring one whose resident has contact needs, vulnerabilities and
    // address risks, so that there is something to show.
    function scheduledVisitWithNeeds() {
        var list = page().visits
        tryVerify(function() { return list.count > 0 }, 20000, "no visits synced")
        var best = null
        var score = -1
        for (var i = 0; i < list.count; ++i) {
            var v = list.get(i)
            if (v.status !== 1 || tc.usedVisits.indexOf(v.visitId) >= 0)
                continue
            var s = (v.needs.length > 0 ? 1 : 0) + (v.vulnerabilities.length > 0 ? 1 : 0)
                    + (v.risks.length > 0 ? 1 : 0)
            if (s > score) {
                best = v
                score = s
            }
        }
        verify(best !== null, "no scheduled visit left")
        verify(score > 0, "no scheduled visit's resident has needs, vulnerabilities or risks")
        tc.usedVisits.push(best.visitId)
        return best
    }

    // The resident's case number, contact needs, vulnerabilities and address risks, as Today
    // listed them, are on screen, each in words.
    function factsShown(v, where) {
        var shown = textsOnScreen()
        verify(shown.indexOf("Case " + v.caseNumber) >= 0, where + ": no case number")
        var lists = [v.needs, v.vulnerabilities, v.risks]
        for (var l = 0; l < lists.length; ++l) {
            for (var i = 0; i < lists[l].length; ++i)
                verify(shown.indexOf(lists[l][i]) >= 0, where + ": \"" + lists[l][i] + "\" is not shown")
        }
    }

    function openVisit(v) {
        var p = page()
        var button = findIn(p, function(i) {
            return i.objectName === "openVisit" && i.parent && i.parent.parent
                   && i.parent.parent.parent && i.parent.parent.parent.visitId === v.visitId
        })
        if (button)
            button.clicked()
        else
            win.showVisit(v.visitId)
        tryVerify(function() { return page().flow !== undefined && page().flow.ready }, 10000)
        compare(page().flow.visitId, v.visitId)
        return page().flow
    }

    // Answers the question on screen by pressing its controls; `answers` overrides the
    // defaults by question id (a choice value, "yes"/"no", or text).
    function answerQuestion(flow, answers) {
        var q = flow.question
        var want = answers[q.id]
        switch (q.type) {
        case "consent":
        case "yes_no":
            press("choice_" + (want !== undefined ? want
                               : (q.type === "consent" ? "yes" : "no")))
            break
        case "single_choice":
            press("choice_" + (want !== undefined ? want : q.choices[0].value))
            break
        case "multiple_choice":
            var values = want !== undefined ? want : [q.choices[0].value]
            for (var i = 0; i < values.length; ++i)
                press("choice_" + values[i])
            break
        case "number":
            type("answerField", want !== undefined ? want : "2")
            break
        case "date":
            type("answerField", want !== undefined ? want : "2027-01-15")
            break
        case "text":
        case "photo":
            type("answerField", want !== undefined ? want : "Seen")
            break
        case "long_text":
            type("answerArea", want !== undefined ? want : "Discussed with the resident")
            break
        default:
            fail("no way to answer a " + q.type + " question (" + q.id + ")")
        }
    }

    // Goes through the form on screen to "check your answers" and confirms it.
    function completeForm(flow, step, answers) {
        for (var guard = 0; guard < 60 && flow.step === step; ++guard) {
            if (flow.atCheckAnswers) {
                checkScreen("check your answers (" + flow.formTitle + ")")
                if (tc.visitInHand)
                    factsShown(tc.visitInHand, "check your answers (" + flow.formTitle + ")")
                press("confirmAnswers")
                until(function() { return flow.step !== step }, 5000,
                      function() { return "check your answers did not finish " + flow.formTitle
                                          + ": " + flow.problems.join("; ") + flow.error })
                return
            }
            var before = flow.question.id
            answerQuestion(flow, answers)
            press("nextQuestion")
            until(function() { return flow.atCheckAnswers || flow.question.id !== before }, 3000,
                  function() { return "stuck on " + before + " (" + flow.question.type + "): "
                                      + flow.problems.join("; ") + flow.error })
        }
        fail("the form did not finish")
    }

    function kindsOf(caseId) {
        var model = caseModelComponent.createObject(tc, { app: tc.app, caseId: caseId })
        tryVerify(function() { return model.found && model.count > 0 }, 5000)
        var kinds = []
        for (var i = 0; i < model.count; ++i)
            kinds.push(model.get(i).kind)
        model.destroy()
        return kinds
    }

    // A failed test leaves the next one on Today.
    function cleanup() {
        if (win && app && app.stage === AppController.Ready)
            win.goHome()
    }

    // ---- the day ---------------------------------------------------------------------------

    function test_1_enrolChoosePinAndToday() {
        openApp("tablet-1")
        tryCompare(app, "stage", AppController.Enrol, 10000)
        checkScreen("enrol")
        type("serverField", rig.serverUrl)
        type("codeField", rig.enrolCode("demo.officer"))
        press("enrolButton")
        tryCompare(app, "stage", AppController.ChoosePin, 20000)
        checkScreen("choose a PIN")

        // A trivial PIN is refused with a reason, and nothing is set up.
        type("newPin", "123456")
        type("repeatPin", "123456")
        press("choosePinButton")
        tryVerify(function() { return app.error !== "" }, 5000)
        compare(app.stage, AppController.ChoosePin)
        verify(waitFor("pinError").text.length > 2)

        type("newPin", rig.demoPin)
        type("repeatPin", rig.demoPin)
        press("choosePinButton")
        tryCompare(app, "stage", AppController.Ready, 30000)
        tryVerify(function() { return app.syncSummary.indexOf("Last synced") === 0 }, 30000,
                  "first sync: " + app.syncSummary)
        verify(app.syncSummary.indexOf("nothing waiting to send") > 0, app.syncSummary)
        compare(app.officerName, "Sam Taylor")

        var today = page()
        tryVerify(function() { return today.visits.count > 0 }, 10000)
        checkScreen("Today, landscape")
        win.width = 800
        win.height = 1280
        checkScreen("Today, portrait")
        win.width = 1280
        win.height = 800

        // Sorting by distance puts the nearest visit first once there is a position fix.
        tryVerify(function() { return app.hasFix }, 10000, "no fix from the demo route")
        press("sortByDistance")
        tryCompare(today.visits, "sortOrder", VisitListModel.ByDistance)
        var last = -1
        for (var i = 0; i < today.visits.count; ++i) {
            var metres = today.visits.get(i).distanceMetres
            verify(metres >= last, "not nearest first at row " + i)
            last = metres
        }
        press("sortByTime")
    }

    function test_2_wholeVisit() {
        var v = scheduledVisitWithNeeds()
        tc.visitInHand = v
        var flow = openVisit(v)

        compare(flow.step, VisitFlow.CheckIn)
        checkScreen("check in")
        factsShown(v, "check in")
        press("checkIn")
        tryVerify(function() { return flow.step === VisitFlow.Consent }, 5000,
                  "check-in: " + flow.error)
        verify(flow.deadline.getTime() > 0, "no lone-working deadline")
        verify(flow.secondsLeft > 50 * 60, "timer: " + flow.secondsLeft)
        verify(flow.checkInPosition !== "", "check-in position")

        checkScreen("consent")
        factsShown(v, "consent")
        // Next with nothing chosen: GOV.UK's error summary at the top, saying what to do, read
        // out, and linked to the answer; the same words beside the question.
        compare(flow.question.id, "share_with_partners")
        press("nextQuestion")
        var want = "Choose whether the resident agrees that we can share their details with the "
                   + "organisations we refer them to"
        var summary = waitFor("errorSummary")
        compare(named("errorLink").text, want)
        compare(named("problem").text, "⚠ " + want)
        compare(Announcer.spoken[Announcer.spoken.length - 1], "There is a problem. " + want)
        checkScreen("consent with a problem")
        press("errorLink")
        verify(named("choice_yes").activeFocus, "the error's link does not lead to the answer")
        completeForm(flow, VisitFlow.Consent, { can_sign: "no", follow_up_call_consent: "no" })
        verify(named("errorSummary") === null, "the error summary stays once answered")

        compare(flow.step, VisitFlow.Checklist)
        checkScreen("checklist")
        factsShown(v, "checklist")
        var items = flow.checklistItems
        verify(items.length >= 10, "checklist items: " + items.length)
        // A count of what is left, by topic and in all; "Referred" says to whom.
        compare(waitFor("checklistProgress").text, "0 of " + items.length + " items marked")
        var benefitCheck = items.filter(function(it) { return it.id === "benefit_check" })[0]
        verify(benefitCheck !== undefined, "no benefit check on the checklist")
        compare(named("checklist_benefit_check_referred").text, "Referred to Citizens Advice")
        verify(textsOnScreen().indexOf(benefitCheck.section + ": 0 of ") >= 0,
               "no count under the heading " + benefitCheck.section)
        // Items can become relevant as others are marked, so go round until all are marked.
        for (var round = 0; round < 5; ++round) {
            items = flow.checklistItems
            var marked = 0
            for (var i = 0; i < items.length; ++i) {
                if (items[i].state !== undefined && items[i].state !== "")
                    continue
                press("checklist_" + items[i].id + "_" + (i === 3 ? "referred" : "discussed"))
                ++marked
            }
            if (marked === 0)
                break
        }
        items = flow.checklistItems
        compare(named("checklistProgress").text, items.length + " of " + items.length + " items marked")
        press("finishChecklist")
        until(function() { return flow.step === VisitFlow.Assessment }, 5000,
              function() { return "checklist: " + flow.problems.join("; ") + flow.error
                                  + JSON.stringify(flow.checklistItems) })

        // Skip logic: "lives alone: no" brings in two household questions; "yes" drops them.
        for (var guard = 0; guard < 10 && flow.question.id !== "lives_alone"; ++guard) {
            answerQuestion(flow, {})
            press("nextQuestion")
        }
        compare(flow.question.id, "lives_alone")
        var pages = flow.pageCount
        press("choice_no")
        tryCompare(flow, "pageCount", pages + 2)
        press("nextQuestion")
        compare(flow.question.id, "household_size")
        press("backQuestion")
        compare(flow.question.id, "lives_alone")
        press("choice_yes")
        tryCompare(flow, "pageCount", pages)
        checkScreen("assessment question")
        factsShown(v, "assessment")
        completeForm(flow, VisitFlow.Assessment, { concern_falls: "yes", property_damage: "no" })

        compare(flow.step, VisitFlow.Outcome)
        completeForm(flow, VisitFlow.Outcome, {
            visit_summary: "Mrs Quartermaine worries about the boiler pressure gauge",
            actions_taken: ["gave_information", "made_referrals"],
            follow_up_needed: "no"
        })

        // The falls concern escalates to the safeguarding lead.
        compare(flow.step, VisitFlow.Safeguarding)
        verify(flow.escalations.length >= 1, "no escalation for the falls concern")
        waitFor("escalation")
        checkScreen("safeguarding")
        factsShown(v, "safeguarding")
        press("confirmSafeguarding")
        tryCompare(flow, "step", VisitFlow.CheckOut, 5000)
        checkScreen("check out")
        factsShown(v, "check out")
        press("checkOut")
        tryCompare(flow, "step", VisitFlow.Done, 10000)
        waitFor("visitDone")
        tc.visitInHand = null

        // The case timeline on the tablet has the visit's results at once.
        var local = kindsOf(v.caseId)
        for (var k of [4, 6, 7, 8])
            verify(local.indexOf(k) >= 0, "case event kind " + k + " on the tablet: " + local)

        // They reach the server: the coordinator sees the completed visit and its events.
        app.syncNow()
        tryVerify(function() { return rig.serverVisitStatus(v.visitId) === 5 }, 30000,
                  "visit not completed on the server")
        var server = rig.serverCaseEventKinds(v.caseId)
        for (var s of [4, 6, 7, 8])
            verify(server.indexOf(s) >= 0, "case event kind " + s + " on the server: " + server)
        tryVerify(function() { return app.pendingCount === 0 }, 10000)

        // At rest: after the whole visit, nothing the tablet wrote (database, journal, key
        // file) holds the resident's name, address, case number or an answer in plaintext. The
        // server's store, which is not encrypted by Doorstep, holds every one of them: so each
        // needle really was written, and the scan would find it.
        var kase = caseModelComponent.createObject(tc, { app: tc.app, caseId: v.caseId })
        tryVerify(function() { return kase.found }, 5000)
        // The server keeps given and family names apart, so each part of the name is a needle.
        var needles = kase.residentName.split(" ").filter(function(w) { return w.length >= 3 })
        needles.push(kase.address.split(",")[0], kase.postcode, kase.caseNumber,
                     "Mrs Quartermaine worries about the boiler pressure gauge")
        kase.destroy()
        verify(needles.length >= 6, "needles: " + needles)
        var tablet = rig.scanFiles("tablets", needles)
        verify(tablet.files >= 2, "files scanned on the tablet: " + tablet.files)
        compare(tablet.hits, [], "plaintext on the tablet")
        var server = rig.scanFiles("server", needles)
        // Each needle once, whichever files (database, write-ahead log) hold it.
        var found = needles.filter(function(n) {
            return server.hits.some(function(h) { return h.endsWith(": " + n) })
        })
        compare(found, needles, "needles in the server's store: " + server.hits)
        win.goHome()
    }

    function test_3_loneWorkerOverdue() {
        var v = firstScheduledVisit()
        var flow = openVisit(v)
        flow.plannedMinutes = 30
        press("checkIn")
        tryVerify(function() { return flow.step === VisitFlow.Consent }, 5000,
                  "check-in: " + flow.error)
        app.syncNow()
        tryVerify(function() { return rig.serverVisitStatus(v.visitId) === 3 }, 30000)
        verify(!flow.overdue)

        // The expected end passes with no check-out and no "I'm safe".
        rig.advanceMinutes(31)
        tryCompare(flow, "overdue", true, 5000)
        tryVerify(function() { return waitFor("loneWorkerTime").text.indexOf("Overdue") >= 0 }, 5000)
        app.syncNow()
        tryVerify(function() { return rig.serverVisitStatus(v.visitId) === 4 }, 30000,
                  "coordinators do not see the overdue visit")

        // "I'm safe" asks first; confirmed, it extends the timer and the visit is back in
        // progress on the server.
        press("imSafe")
        press("confirmSafeYes")
        tryCompare(flow, "overdue", false, 5000)
        app.syncNow()
        tryVerify(function() { return rig.serverVisitStatus(v.visitId) === 3 }, 30000)
        tc.underWay = v
        win.goHome()
        // The case page shows the visit's timer too.
        win.showCase(v.caseId, "")
        tryVerify(function() {
            var t = named("caseTimer")
            return t !== null && t.text.indexOf("left") >= 0
        }, 10000, "no timer on the case page")
        win.goHome()

        // One visit at a time: another visit's check-in is refused while this one is under
        // way, and says which case to check out of.
        var other = firstScheduledVisit()
        var second = openVisit(other)
        press("checkIn")
        tryVerify(function() { return second.error.indexOf(v.caseNumber) >= 0 }, 5000,
                  "a second visit was checked in: " + second.error)
        compare(second.step, VisitFlow.CheckIn)
        compare(rig.serverVisitStatus(other.visitId), 1)
        win.goHome()
    }

    function test_3a_lockScreenAlertNeedsNoPinAndShowsNothingOfTheCase() {
        var v = tc.underWay
        verify(v !== null, "no visit under way")
        press("lockButton")
        tryCompare(app, "stage", AppController.Locked, 10000)
        // The timer still shows, and Alert works without the PIN.
        tryVerify(function() {
            var t = named("lockTimer")
            return t !== null && t.text.indexOf("left") >= 0
        }, 10000, "no timer on the lock screen")
        checkScreen("the lock screen with a visit under way")
        press("lockAlert")
        tryVerify(function() { return rig.serverVisitStatus(v.visitId) === 8 }, 30000,
                  "the lock screen's alert did not reach the server")
        tryVerify(function() { return waitFor("lockAlertStatus").text.indexOf("received") >= 0 },
                  10000, "the lock screen does not say the alert was received")
        // ... and says it aloud to a screen reader.
        compare(Announcer.spoken[Announcer.spoken.length - 1], named("lockAlertStatus").text)
        var shown = textsOnScreen()
        for (var secret of [v.residentName, v.address, v.postcode, v.caseNumber]) {
            if (secret)
                verify(shown.indexOf(secret) < 0, "the lock screen shows " + secret)
        }
        verify(rig.serverCaseEventKinds(v.caseId).indexOf(9) >= 0, "no alert on the case") // LONE_WORKER_ALERT

        // Unlocked, the visit shows the alert received; a coordinator closes it ("officer
        // safe") and the officer's tablet says so.
        type("unlockPin", rig.demoPin)
        press("unlockButton")
        tryCompare(app, "stage", AppController.Ready, 20000)
        var flow = openVisit(v)
        tryVerify(function() { return flow.alertState === VisitFlow.Received }, 30000,
                  "after unlocking, the visit does not show the alert: " + flow.alertStatus)
        verify(rig.closeAlertAsCoordinator(v.caseId, v.visitId), "the coordinator could not close it")
        app.syncNow()
        tryVerify(function() { return flow.alertState === VisitFlow.Closed }, 30000,
                  "\"officer safe\" did not reach the tablet: " + flow.alertStatus)
        verify(waitFor("alertStatus").text.indexOf("officer safe") >= 0)
        win.goHome()
    }

    function test_3b_aDoubleTapOnAlertNeverSaysImSafe() {
        var v = tc.underWay
        var flow = openVisit(v)
        compare(flow.alertState, VisitFlow.Closed)
        var deadline = flow.deadline
        // Two quick taps where Alert is: the second lands on Alert again, never on "I'm safe".
        var alert = waitFor("discreetAlert")
        mouseClick(alert)
        mouseClick(alert)
        tryVerify(function() {
            return flow.alertState === VisitFlow.Queued || flow.alertState === VisitFlow.Received
        }, 5000, "no new alert")
        compare(flow.deadline, deadline, "the timer moved: \"I'm safe\" was sent")
        verify(named("confirmSafeYes") === null, "\"I'm safe\" is waiting to be confirmed")
        // The alert reaches the server first, and the officer sees that it did.
        tryVerify(function() { return rig.serverVisitStatus(v.visitId) === 8 }, 30000,
                  "the server has no alert")
        tryVerify(function() { return flow.alertState === VisitFlow.Received }, 30000,
                  "the tablet does not say the alert was received: " + flow.alertStatus)
        verify(waitFor("alertStatus").text.indexOf("received") >= 0)
        win.goHome()
        // Today's card of the visit under way shows its timer.
        tryVerify(function() {
            var t = named("visitTimer")
            return t !== null && t.text.indexOf("Lone-working timer") >= 0
        }, 5000, "no timer on Today's card")
    }

    function test_3c_onMyWayThenNoAccessWithAReason() {
        var v = firstScheduledVisit()
        var flow = openVisit(v)
        press("onMyWay")
        tryVerify(function() { return flow.visitStatus === 2 }, 5000, "not on the way: " + flow.error)
        app.syncNow()
        tryVerify(function() { return rig.serverVisitStatus(v.visitId) === 2 }, 30000,
                  "the server does not have the officer on the way")
        // No access needs a reason; with one, a card left, it is recorded on the case.
        press("noAccess")
        press("endConfirm")
        tryVerify(function() { return named("endProblem") !== null }, 5000, "no reason was asked for")
        compare(flow.step, VisitFlow.CheckIn)
        type("endReason", "No answer at the door")
        press("cardLeft")
        checkScreen("no access")
        press("endConfirm")
        tryVerify(function() { return flow.step === VisitFlow.Done }, 5000, "not recorded: " + flow.error)
        compare(waitFor("visitDone").text, "No access recorded")
        app.syncNow()
        tryVerify(function() { return rig.serverVisitStatus(v.visitId) === 6 }, 30000,
                  "the server does not have the visit as no access")
        win.goHome()
    }

    function test_4_visitResumesAfterTheAppIsTornDown() {
        var v = tc.underWay
        var flow = openVisit(v)
        compare(flow.step, VisitFlow.Consent)
        compare(flow.question.id, "share_with_partners")
        press("choice_yes")
        press("nextQuestion")
        var second = flow.question.id
        verify(second !== "share_with_partners")

        // Torn down mid-form: window, engine objects and the app core all go.
        closeApp()
        openApp("tablet-1")
        tryCompare(app, "stage", AppController.Locked, 10000)
        checkScreen("unlock")
        type("unlockPin", "000000")
        press("unlockButton")
        tryVerify(function() { return app.error !== "" }, 10000)
        waitFor("unlockError")
        type("unlockPin", rig.demoPin)
        press("unlockButton")
        tryCompare(app, "stage", AppController.Ready, 20000)
        // Ready comes before the role is read back; until then the window shows "Starting"
        // and has no page stack to open a visit on.
        tryVerify(function() { return win.stack() !== null }, 20000, "no page stack after unlocking")

        win.showVisit(v.visitId)
        tryVerify(function() { return page().flow !== undefined && page().flow.ready }, 10000,
                  "the visit did not load: " + (page().flow ? page().flow.error : page()))
        flow = page().flow
        compare(flow.step, VisitFlow.Consent)
        compare(flow.question.id, second)
        press("backQuestion")
        compare(flow.question.id, "share_with_partners")
        compare(flow.question.answer, "yes")
        win.goHome()
    }

    // The words' size: the tablet's own until one is chosen under "Text size", and the choice
    // kept from the lock screen on, the next time the app starts. (Every screen is walked at
    // 100% and 200% by checkScreen.)
    function closeTextSize() {
        keyClick(Qt.Key_Escape)
        // Closed, its dimmer too: a tap meant for the page would otherwise land on them.
        tryVerify(function() {
            var layers = win.contentItem.parent.children
            for (var i = 0; i < layers.length; ++i) {
                for (var j = 0; layers[i] !== win.contentItem && j < layers[i].children.length; ++j) {
                    if (layers[i].children[j].visible)
                        return false
                }
            }
            return true
        }, 5000, "the text size dialog stayed open")
    }

    function test_5_textSizeFromTheTabletOrChosenInTheApp() {
        compare(app.textSize.percent, 0)
        app.textSize.platformScale = 1.5 // as Android's font size setting would say
        compare(Theme.textScale, 1.5)
        compare(Theme.body, 24)

        press("textSizeButton")
        press("textSize_200")
        compare(Theme.textScale, 2.0)
        checkScreen("choosing the text size")
        // Every control's words follow the text size, in sentence case: a button left at
        // Material's 14 px capitals (SYNC NOW) is neither.
        var sync = findIn(win.contentItem, function(i) { return i.objectName === "syncAction" })
        verify(sync !== null, "no sync button on Today")
        compare(sync.font.pixelSize, Theme.small)
        compare(Theme.small, 28)
        compare(sync.font.capitalization, Font.MixedCase)
        closeTextSize()

        closeApp()
        openApp("tablet-1")
        tryCompare(app, "stage", AppController.Locked, 10000)
        compare(Theme.textScale, 2.0, "the chosen size is not kept for the lock screen")
        // The lock screen offers the choice too, before the PIN.
        press("textSizeButton")
        press("textSize_150")
        compare(Theme.textScale, 1.5)
        checkScreen("choosing the text size on the lock screen")
        closeTextSize()
        type("unlockPin", rig.demoPin)
        press("unlockButton")
        tryVerify(function() { return win.stack() !== null }, 20000, "no page stack after unlocking")
        compare(Theme.textScale, 1.5, "the size chosen on the lock screen is not kept")

        // Back to the tablet's own size (100% on this machine: only Android says otherwise).
        press("textSizeButton")
        press("textSize_0")
        compare(app.textSize.percent, 0)
        compare(Theme.textScale, 1.0)
        closeTextSize()
    }

    // One-tap contact, the resident's preferred way first, from the case and from the visit:
    // each action opens the right URL (caught by the rig, nothing opens) and, once the officer
    // says what came of it, is logged on the case; the video call sends the resident the link.
    function test_5a_contactTheResidentTheirWay() {
        var list = page().visits
        tryVerify(function() { return list.count > 0 }, 20000, "no visits synced")
        var v = null
        var options = []
        for (var i = 0; i < list.count && v === null; ++i) {
            var candidate = list.get(i)
            if (candidate.status !== 1 || tc.usedVisits.indexOf(candidate.visitId) >= 0)
                continue
            win.showCase(candidate.caseId, "")
            tryVerify(function() { return page().model !== undefined && page().model.found }, 10000)
            options = JSON.parse(JSON.stringify(page().model.contactOptions)) // outlives the page
            var kinds = options.map(function(o) { return o.kind })
            if (kinds.indexOf("call") >= 0 && kinds.indexOf("text") >= 0
                    && options[kinds.indexOf("video")] !== undefined
                    && options[kinds.indexOf("video")].sendLinkTo !== "")
                v = candidate
            else
                win.goBack()
        }
        verify(v !== null, "no scheduled visit's resident has a mobile")
        tc.usedVisits.push(v.visitId)
        // Whatever the resident prefers comes first, and says so in words.
        for (var p = 1; p < options.length; ++p)
            verify(!options[p].preferred, "the preferred way is not first: " + JSON.stringify(options))
        if (options[0].preferred)
            verify(waitFor("contact_" + options[0].kind).text.indexOf("preferred") > 0)
        var before = rig.serverCaseEventKinds(v.caseId).filter(function(k) { return k === 1 }).length
        var linksBefore = rig.serverNotificationKinds().filter(function(k) { return k === "video_link" }).length

        var expected = {
            call: /^tel:\+44\d{10}$/,
            text: /^sms:\+447\d{9}$/,
            video: /^https:\/\/meet\.eastmoor-dc\.example\/home-visiting\/hv\d{10}$/
        }
        // ContactOutcome: answered 1, no answer 2, left a message 3, sent 4.
        var outcomes = { call: 2, text: 4, video: 1 }
        var tryContact = function(kind, outcome) {
            var actions = findIn(page(), function(i) { return i.asking !== undefined && visibleItem(i) })
            verify(actions !== null, "no contact actions on screen")
            var opened = rig.openedUrls().length
            press("contact_" + kind)
            if (kind === "video") {
                waitFor("sendLinkAndJoin")
                shoot("10a-case-video-link-confirm")
                press("sendLinkAndJoin") // asked first: the link cannot be taken back
            }
            tryVerify(function() { return rig.openedUrls().length === opened + 1 }, 5000,
                      kind + ": no URL opened")
            var url = rig.openedUrls()[opened]
            verify(expected[kind].test(url), kind + ": " + url)
            press("outcome_" + outcome)
            tryVerify(function() { return !actions.asking }, 5000, kind + ": the dialog stays up")
            return url
        }
        for (var k of ["call", "text", "video"]) {
            var url = tryContact(k, outcomes[k])
            compare(url, options.filter(function(o) { return o.kind === k })[0].url)
        }
        checkScreen("case with contact actions")
        shoot("10-case-contact-actions")

        // The visit offers the same at the door.
        win.goBack()
        win.showVisit(v.visitId)
        tryVerify(function() { return page().flow !== undefined && page().flow.ready }, 10000)
        var atDoor = waitFor("visitContact")
        tryVerify(function() { return atDoor.options.length === options.length }, 5000,
                  "at the door: " + JSON.stringify(atDoor.options) + " case " + page().flow.caseId)
        compare(atDoor.options[0].kind, options[0].kind)
        tryContact("call", 3)
        tryVerify(function() { var l = named("contactSaid"); return l && l.text === "Logged to the case" },
                  5000, "the visit does not say the contact was logged")
        checkScreen("check in with contact actions")
        shoot("11-visit-check-in-contact-actions")

        // Logged on the case, and the link queued for the resident, at the server.
        app.syncNow()
        tryVerify(function() {
            return rig.serverCaseEventKinds(v.caseId).filter(function(k) { return k === 1 }).length
                   === before + 5
        }, 30000, "the contacts did not reach the server")
        compare(rig.serverNotificationKinds().filter(function(k) { return k === "video_link" }).length,
                linksBefore + 1, "one video link queued")
        win.goHome()
        win.showCase(v.caseId, "")
        tryVerify(function() { return page().model !== undefined && page().model.found }, 10000)
        var shown = textsOnScreen()
        for (var words of ["Phone call to the resident", "No answer", "Left a message",
                           "Video-call link sent", "Answered"])
            verify(shown.indexOf(words) >= 0, "the timeline does not say \"" + words + "\"")
        win.goHome()
    }

    function test_6_lockButtonLocksAndSaysWhy() {
        press("lockButton")
        tryCompare(app, "stage", AppController.Locked, 10000)
        verify(waitFor("lockReason").text.indexOf("You locked Doorstep") >= 0)
        closeApp()
    }
}
