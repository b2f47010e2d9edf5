// What both UI suites do with a screen, in one place: walk it for accessibility problems in
// every size, and save it for docs/screenshots. `test` is the calling TestCase (for wait,
// waitForRendering, grabImage and compare), `win` the app's window, `rig` the TestRig.
.pragma library

// The walk (rig.accessibilityProblems) on the screen as it stands, in landscape and in
// portrait, at 100% and at 200% text (previewed, never kept); the window is put back as it was
// after. Lists that are still laying out after a resize or a sync get another look (for up to
// 3 s) before a problem is reported; a problem that lasts fails. With DOORSTEP_WALK_ONCE the
// screen is walked once, as it stands; with DOORSTEP_WALK_REPORT problems are logged instead.
function check(test, win, rig, what) {
    var width = win.width
    var height = win.height
    var preview = win.app.textSize.preview
    var found = []
    var sizes = rig.walkOnce() ? [[width, height]] : [[1280, 800], [800, 1280]]
    var scales = rig.walkOnce() ? [win.app.textSize.scale] : [1.0, 2.0]
    for (var size of sizes) {
        for (var textScale of scales) {
            win.width = size[0]
            win.height = size[1]
            win.setTextScale(textScale)
            // A frame at the new size, if one is coming (none is when nothing changed).
            test.waitForRendering(win.contentItem, 500)
            var problems = rig.accessibilityProblems(win.contentItem)
            for (var i = 0; i < 30 && problems.length > 0; ++i) {
                test.wait(100)
                problems = rig.accessibilityProblems(win.contentItem)
            }
            for (var p of problems)
                found.push(size[0] + "x" + size[1] + " at " + textScale * 100 + "%: " + p)
        }
    }
    win.width = width
    win.height = height
    win.setTextScale(preview)
    test.waitForRendering(win.contentItem, 500)
    if (rig.reportOnly() && found.length > 0)
        console.log("WALK " + what + "\n" + found.join("\n"))
    else
        test.compare(found.join("\n"), "", what + ": the accessibility walk")
}

// With DOORSTEP_SCREENSHOT_DIR set, saves the window (dialogs included) as NAME.png; the save
// throws, failing the test, when the file cannot be written.
function shoot(test, win, rig, name) {
    var dir = rig.screenshotDir()
    if (dir === "")
        return
    test.wait(300)
    test.waitForRendering(win.contentItem)
    test.grabImage(win.contentItem).save(dir + "/" + name + ".png")
}
