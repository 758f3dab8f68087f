#include "domain/moderation/policies.h"

#include <array>

namespace reel::domain {
namespace {

using events::ReportReason;

constexpr std::array<policy, 15> policies{{
    {events::REPORT_REASON_CHILD_SAFETY, "child_safety", 0, true,
     "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", "sexual exploitation or abuse of minors"},
    {events::REPORT_REASON_VIOLENT_EXTREMISM, "violent_extremism", 0, true,
     "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
     "terrorism, violent extremism and its promotion"},
    {events::REPORT_REASON_SELF_HARM, "self_harm", 1, false, "STATEMENT_CATEGORY_SELF_HARM",
     "promoting suicide, self-harm or eating disorders"},
    {events::REPORT_REASON_DANGEROUS_ACTS, "dangerous_acts", 1, false,
     "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY", "dangerous acts and challenges"},
    {events::REPORT_REASON_VIOLENCE, "violence", 1, false, "STATEMENT_CATEGORY_VIOLENCE",
     "violent, graphic or threatening content"},
    {events::REPORT_REASON_HATE, "hate", 1, false, "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
     "attacks on people for who they are"},
    {events::REPORT_REASON_HARASSMENT, "harassment", 1, false,
     "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", "harassment and bullying"},
    {events::REPORT_REASON_MINOR_SAFETY, "minor_safety", 1, false,
     "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", "content that puts young people at risk"},
    {events::REPORT_REASON_NUDITY, "nudity", 2, false,
     "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT", "nudity and sexual content"},
    {events::REPORT_REASON_MISINFORMATION, "misinformation", 2, false,
     "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
     "harmful misinformation"},
    {events::REPORT_REASON_SCAM, "scam", 2, true, "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
     "scams and fraud"},
    {events::REPORT_REASON_POLITICAL_AD, "political_ad", 2, false,
     "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE", "political advertising (reel runs none)"},
    {events::REPORT_REASON_INTELLECTUAL_PROPERTY, "intellectual_property", 2, true,
     "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
     "infringing others' copyright or trademarks"},
    {events::REPORT_REASON_SPAM, "spam", 3, false, "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
     "spam and fake engagement"},
    {events::REPORT_REASON_OTHER, "other", 3, false, "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
     "other breaches of the guidelines"},
}};

}  // namespace

std::span<const policy> all_policies() {
  return policies;
}

const policy* policy_of(events::ReportReason reason) {
  for (const auto& p : policies)
    if (p.reason == reason) return &p;
  return nullptr;
}

const policy* policy_named(std::string_view name) {
  for (const auto& p : policies)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace reel::domain
