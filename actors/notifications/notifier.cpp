#include "actors/notifications/notifier.h"

#include <algorithm>

#include "domain/ids.h"
#include "domain/moderation/moderation_notices.h"
#include "domain/notifications/inbox.h"
#include "domain/snapshot_codec.h"

namespace reel::actors {
namespace {

using notifier_actor = caf::stateful_actor<notifier_state>;
constexpr size_t max_cached_owners = 100000;
constexpr size_t max_cached_clocks = 100000;

// A recipient's clock from their stream: the snapshot, then the events after it.
domain::recipient_clock clock_from_stream(storage::event_store& store, const std::string& user) {
  domain::recipient_clock c;
  uint64_t from = 1;
  if (auto snap = store.load_snapshot(user)) {
    domain::user_state s;
    if (domain::decode_snapshot(snap->state, snap->version, s)) {
      if (auto birth = domain::parse_date(s.birthdate)) c.birth = *birth;
      c.timezone = s.privacy.timezone;
      from = snap->version + 1;
    }
  }
  constexpr size_t page = 1024;
  for (;;) {
    auto records = store.read_stream(user, from, page);
    for (const auto& r : records) domain::update_clock(c, r.event());
    if (records.size() < page) break;
    from += records.size();
  }
  return c;
}

// Whether a push to the notice's recipient waits for the end of their quiet hours. Only
// pushes to one user's `notifications` wait; a failed read pushes (the inbox has it).
bool held(notifier_actor* self, const domain::notice& n) {
  if (n.topic != "notifications" || n.recipient.empty()) return false;
  auto& st = self->state;
  auto it = st.clocks.find(n.recipient);
  if (it == st.clocks.end()) {
    try {
      if (st.clocks.size() >= max_cached_clocks) st.clocks.clear();
      it = st.clocks.emplace(n.recipient, clock_from_stream(*st.store, n.recipient)).first;
    } catch (const std::exception&) {
      return false;
    }
  }
  return domain::push_held(it->second, st.clock->now_ms());
}

// Keeps the cached clocks current; a user not cached is read when first needed.
void observe_clock(notifier_actor* self, const events::Event& e) {
  auto owner = domain::clock_owner(e);
  if (owner.empty()) return;
  auto& clocks = self->state.clocks;
  if (e.has_user_registered()) {
    if (clocks.size() >= max_cached_clocks) clocks.clear();
    domain::update_clock(clocks[owner], e);
  } else if (auto it = clocks.find(owner); it != clocks.end()) {
    domain::update_clock(it->second, e);
  }
}

// The user behind a video's creator, from the video's first event.
std::string owner_of(notifier_actor* self, const std::string& video) {
  auto& cache = self->state.video_owners;
  if (auto it = cache.find(video); it != cache.end()) return it->second;
  std::string owner;
  try {
    auto first = self->state.store->read_stream(video, 1, 1);
    if (!first.empty() && first.front().event().has_video_published()) {
      if (auto creator = creator_id::parse(first.front().event().video_published().creator_id()))
        owner = user_of(*creator).str();
    }
  } catch (const std::exception&) {
    return {};  // no notice rather than a wrong one
  }
  if (cache.size() >= max_cached_owners) cache.clear();
  cache.emplace(video, owner);
  return owner;
}

// The reporters of the round a decision closed, from its case's stream up to the decision
// (a later round may have opened since), a page at a time: all of them, as the inbox
// counts them, so each notice's id is the same in both.
std::vector<std::string> reporters_of(notifier_actor* self, const std::string& case_id,
                                      uint64_t decided_at_version) {
  constexpr uint64_t page = 1024;
  std::vector<std::string> round;
  try {
    for (uint64_t from = 1; from < decided_at_version;) {
      auto records =
          self->state.store->read_stream(case_id, from, std::min(page, decided_at_version - from));
      for (const auto& r : records) domain::observe_round(round, r.event());
      if (records.empty()) break;
      from += records.size();
    }
  } catch (const std::exception&) {
    return {};  // the owner is still told
  }
  return round;
}

void catch_up(notifier_actor* self) {
  auto& st = self->state;
  st.scheduled = false;
  bool batch_full = false;
  try {
    auto cursor = st.store->read_log(st.position + 1);
    events::EventRecord record;
    size_t n = 0;
    while (n < 4096 && cursor->next(record)) {
      ++n;
      const auto& e = record.event();
      std::string owner;
      if (auto video = domain::video_of_interest(e)) owner = owner_of(self, *video);
      st.blocks.observe(e);
      observe_clock(self, e);
      // Ids as the inbox gives them (domain/notifications/inbox.h): in order, counting
      // every notice, delivered or not.
      const auto sequence = record.envelope().sequence();
      size_t index = 0;
      auto notice = domain::notice_for(e, owner);
      if (notice) notice->id = domain::notice_id(sequence, index++);
      if (notice && !st.blocks.between(notice->recipient, notice->from_user) &&
          !held(self, *notice))
        st.outlet->deliver(*notice);
      std::vector<std::string> reporters;
      if (domain::needs_reporters(e))
        reporters = reporters_of(self, e.moderation_case_decided().case_id(),
                                 record.envelope().stream_version());
      for (auto& m : domain::moderation_notices(e, owner, reporters)) {
        if (index == domain::max_notices_per_event) break;
        m.id = domain::notice_id(sequence, index++);
        if (!held(self, m)) st.outlet->deliver(m);
      }
      // Only now: a record whose notices threw is the one the catch below steps over.
      st.position = record.envelope().sequence();
    }
    batch_full = n == 4096;
  } catch (const std::exception&) {
    // A damaged record, or one whose notices threw. Notices are best effort (projections,
    // not this, must never skip): step over it and go on with the rest at once.
    st.position += 1;
  }
  if (batch_full || st.position < st.head) {
    st.scheduled = true;
    self->send(self, catch_up_atom::value);
  }
}

}  // namespace

void notice_outlet::set(notice_sink sink) {
  std::lock_guard lock(mu_);
  sink_ = std::move(sink);
}

void notice_outlet::deliver(const domain::notice& n) {
  std::lock_guard lock(mu_);
  if (sink_) sink_(n);
}

caf::behavior notifier(notifier_actor* self, storage::event_store* store,
                       const domain::clock* clock, caf::actor bus,
                       std::shared_ptr<notice_outlet> outlet) {
  auto& st = self->state;
  st.store = store;
  st.clock = clock;
  st.outlet = std::move(outlet);
  st.position = st.head = store->global_head();
  if (bus) self->send(bus, listen_atom::value, caf::actor_cast<caf::actor>(self));
  return {
      [self](head_atom, uint64_t head) {
        auto& st = self->state;
        st.head = std::max(st.head, head);
        if (st.head > st.position && !st.scheduled) {
          st.scheduled = true;
          self->send(self, catch_up_atom::value);
        }
      },
      [self](catch_up_atom) { catch_up(self); },
  };
}

}  // namespace reel::actors
