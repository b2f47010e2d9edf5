#include "routerharness.h"

namespace doorstep::server {

RouterHarness::RouterHarness(const std::filesystem::path &dir)
{
    auto store = openTestStore(dir);
    if (!store) {
        return;
    }
    m_store = std::move(store).value();
    m_auth = std::make_unique<Authenticator>(*m_store, m_clock, m_ids, Authenticator::Options{});
    m_pull = std::make_unique<PullService>(*m_store, m_clock);
    m_push = std::make_unique<PushService>(*m_store, m_clock, m_ids);
    m_router = std::make_unique<Router>(*m_auth, *m_pull, *m_push, m_metrics);
    Status seeded = m_store->write([&](StoreSession &session) -> Status {
        v1::Record r;
        r.mutable_user()->set_id("coo");
        r.mutable_user()->set_username("coo");
        r.mutable_user()->set_role(v1::ROLE_COORDINATOR);
        if (auto p = session.putRecord(r, 1); !p) {
            return p.error();
        }
        r.mutable_user()->set_id("off");
        r.mutable_user()->set_username("off");
        r.mutable_user()->set_role(v1::ROLE_OFFICER);
        if (auto p = session.putRecord(r, 1); !p) {
            return p.error();
        }
        r.mutable_resident()->set_id("res-1");
        r.mutable_resident()->set_version(1);
        if (auto p = session.putRecord(r, 1); !p) {
            return p.error();
        }
        r.mutable_case_()->set_id("case-1");
        r.mutable_case_()->set_case_number("HV-2026-000001");
        r.mutable_case_()->set_resident_id("res-1");
        r.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
        if (auto p = session.putRecord(r, 1); !p) {
            return p.error();
        }
        r.mutable_visit()->set_id("visit-1");
        r.mutable_visit()->set_case_id("case-1");
        r.mutable_visit()->set_officer_user_id("off");
        r.mutable_visit()->set_status(v1::VISIT_STATUS_SCHEDULED);
        r.mutable_visit()->set_version(1);
        auto p = session.putRecord(r, 1);
        return p ? Status() : Status(p.error());
    });
    if (!seeded) {
        return;
    }
    auto code = m_auth->issueEnrolmentCode("coo");
    if (!code) {
        return;
    }
    v1::EnrolRequest enrol;
    enrol.set_enrolment_code(*code);
    auto enrolled = m_auth->enrol(enrol);
    if (enrolled) {
        m_token = enrolled->access_token().token();
    }
}

HttpResponse RouterHarness::post(const std::string &path, const std::string &body,
                                 const std::string &contentType, bool withToken)
{
    HttpRequest request;
    request.method = "POST";
    request.target = path;
    request.contentType = contentType;
    request.body = body;
    if (withToken) {
        request.authorization = "Bearer " + m_token;
    }
    return m_router->handle(request);
}

} // namespace doorstep::server
