# Debian packages with CPack (scripts/package builds them; docs/install.md says what is in
# them): doorstep-server (the binary, a hardened systemd unit, /etc/doorstep/doorstep-server.conf,
# a `doorstep` system user and /var/lib/doorstep, made by its maintainer scripts) and doorstep
# (the app, a .desktop file and an icon). Dependencies are Debian's package names: shared
# libraries through dpkg-shlibdeps, and the QML modules and platform plugins the app loads at
# run time by name.

include(GNUInstallDirs)
set(pkg "${PROJECT_SOURCE_DIR}/packaging")

# Debian's documentation files: gzip -9n, as Debian policy 12.7 asks (no name, no time stamp).
set(changelog_gz "${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog.gz")
file(MAKE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/packaging")
execute_process(COMMAND gzip -9nc "${pkg}/debian/changelog"
                OUTPUT_FILE "${changelog_gz}" COMMAND_ERROR_IS_FATAL ANY)
foreach(page doorstep-server doorstep)
  execute_process(COMMAND gzip -9nc "${pkg}/man/${page}.1"
                  OUTPUT_FILE "${CMAKE_CURRENT_BINARY_DIR}/packaging/${page}.1.gz"
                  COMMAND_ERROR_IS_FATAL ANY)
endforeach()
# Made again when a page or the changelog changes.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${pkg}/debian/changelog" "${pkg}/man/doorstep-server.1" "${pkg}/man/doorstep.1")

if(DOORSTEP_BUILD_SERVER)
  install(TARGETS doorstep-server RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT server)
  install(FILES "${CMAKE_CURRENT_BINARY_DIR}/packaging/doorstep-server.1.gz"
          DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT server)
  install(FILES "${pkg}/systemd/doorstep-server.service"
          DESTINATION /lib/systemd/system COMPONENT server)
  install(FILES "${pkg}/doorstep-server.conf" DESTINATION /etc/doorstep COMPONENT server)
  install(FILES "${pkg}/debian/copyright" "${changelog_gz}"
                "${PROJECT_SOURCE_DIR}/docs/runbook.md" "${PROJECT_SOURCE_DIR}/docs/protocol.md"
                "${PROJECT_SOURCE_DIR}/docs/install.md"
                "${pkg}/prometheus/doorstep-alerts.yml"
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/doorstep-server COMPONENT server)
endif()
if(DOORSTEP_BUILD_APP AND DOORSTEP_BUILD_UI)
  install(TARGETS doorstep RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT app)
  install(FILES "${CMAKE_CURRENT_BINARY_DIR}/packaging/doorstep.1.gz"
          DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT app)
  install(FILES "${pkg}/desktop/doorstep.desktop"
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT app)
  install(FILES "${pkg}/desktop/doorstep.svg"
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT app)
  install(FILES "${pkg}/debian/copyright" "${changelog_gz}"
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/doorstep COMPONENT app)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME doorstep)
set(CPACK_PACKAGE_VENDOR "The Doorstep developers")
set(CPACK_PACKAGE_CONTACT "The Doorstep developers <doorstep@example.org>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL server app)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Stripped binaries; the build keeps its own symbols.
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME doorstep-server)
set(CPACK_COMPONENT_SERVER_DESCRIPTION "Doorstep sync server for a Home Visiting Service
 The server officers' tablets, coordinators' desks and ward members sync
 with: protobuf over HTTPS, an embedded SQLite store, notifications by
 email and GOV.UK Notify. Runs as the hardened doorstep-server service.")
# adduser makes the user; openssl the first certificate; init-system-helpers the unit.
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser, openssl, init-system-helpers (>= 1.54~)")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    "${pkg}/debian/server/postinst;${pkg}/debian/server/prerm;${pkg}/debian/server/postrm;${pkg}/debian/server/conffiles")

set(CPACK_DEBIAN_APP_PACKAGE_NAME doorstep)
set(CPACK_COMPONENT_APP_DESCRIPTION "Doorstep app for a council's Home Visiting Service
 The tablet app for visiting officers (today's visits, the case, the
 visit with its checklists and forms, lone working), the coordinator's
 desk and ward members' referrals. Works offline on an encrypted store
 and syncs with doorstep-server.")
# Loaded by name at run time, so dpkg-shlibdeps cannot see them.
set(CPACK_DEBIAN_APP_PACKAGE_DEPENDS
    "qml6-module-qtqml, qml6-module-qtqml-workerscript, qml6-module-qtqml-models, qml6-module-qtquick, qml6-module-qtquick-controls, qml6-module-qtquick-templates, qml6-module-qtquick-layouts, qml6-module-qtquick-window, qml6-module-qtpositioning, libqt6positioning6-plugins, qt6-qpa-plugins, fonts-dejavu-core")

include(CPack)
