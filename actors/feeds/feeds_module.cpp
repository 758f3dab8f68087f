#include "actors/feeds/feeds_module.h"

#include "actors/accounts/accounts_module.h"
#include "actors/accounts/caller_facts.h"
#include "domain/feeds/feed_impressions.h"
#include "domain/feeds/feed_page.h"

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::projections::feed_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::projections::feed_answer)

namespace reel::actors {
namespace {

using feed_atom = caf::atom_constant<caf::atom("feed")>;  // a page of a feed
using projections::feed_query;

// Pages of one viewer asked at the same time are recorded one after the other; each
// loser ranks again, so this many pages asked at once all succeed.
inline constexpr int max_feed_tries = 8;

// A page of a feed, ranked and recorded. The append expects the viewer's feed stream at
// the number of pages the ranking knew of: if another page of this viewer was recorded in
// between, the two could overlap, so this one is ranked again (up to `tries` times).
struct feed_flow : std::enable_shared_from_this<feed_flow> {
  feed_flow(flow* self, actors::journal* journal, store_workers workers, caller who,
            projection_handle feeds, feed_query query, events::FeedSource source,
            ending<feed_answer> end)
      : self(self),
        journal(journal),
        workers(std::move(workers)),
        who(std::move(who)),
        feeds(std::move(feeds)),
        query(std::move(query)),
        source(source),
        end(std::move(end)) {}

  flow* self;
  actors::journal* journal;
  store_workers workers;
  caller who;
  projection_handle feeds;
  feed_query query;
  events::FeedSource source;
  ending<feed_answer> end;

  void run(int tries) {
    auto me = shared_from_this();
    auto failed = [end = end](caf::error& e) { end(from_caf(e)); };
    // Everything committed before now, the caller's own writes included, is in the page.
    uint64_t head = journal->store().global_head();
    self->request(*feeds.host, end.remaining(), reached_atom::value, feeds.index, head)
        .then(
            [me, tries, failed](bool) {
              me->self->request(*me->feeds.host, me->end.remaining(), feed_atom::value, me->query)
                  .then([me, tries](feed_answer& page) { me->record(std::move(page), tries); },
                        failed);
            },
            failed);
  }

  void record(feed_answer page, int tries) {
    if (!page.ok) return end.fail(page.code, page.message);
    if (page.items.empty()) {
      // Nothing left to serve, but a retry must still get the page its first try recorded.
      auto key = idempotency_key(who, domain::feed_stream(who.user_id));
      if (key.empty()) return end(std::move(page));
      auto me = shared_from_this();
      on_store_worker<std::optional<storage::append_result>>(
          self, workers, query.page.viewer, find_append_job(journal->store(), key), end,
          [me, page = std::move(page)](std::optional<storage::append_result>& first) mutable {
            if (first && first->ok()) return me->replay(first->first_sequence);
            me->end(std::move(page));
          });
      return;
    }
    std::vector<domain::impression> items;
    for (const auto& item : page.items) items.push_back({item.video_id, item.reason});
    storage::append_request request;
    request.stream_id = domain::feed_stream(who.user_id);
    request.expected_version = page.pages_served;
    request.idempotency_key = idempotency_key(who, request.stream_id);
    request.events.push_back(
        {domain::feed_served(who.user_id, source, items, query.page.cursor, page.cursor), 0,
         who.request_id, who.user_id});
    auto me = shared_from_this();
    append_claim(self, *journal, std::move(request), end,
                 [me, tries, page = std::move(page)](storage::append_result& r) {
                   if (r.status == storage::append_status::version_conflict && tries > 1)
                     return me->run(tries - 1);
                   if (r.status == storage::append_status::version_conflict)
                     return me->end.fail(errc::conflict,
                                         "other pages were being served; ask again");
                   if (!r.ok()) return me->end.fail(errc::storage_failure, r.message);
                   if (!r.replayed) return me->end(page);
                   me->replay(r.first_sequence);
                 });
  }

  // A retry: answers with the page the first request served.
  void replay(uint64_t first_sequence) {
    auto me = shared_from_this();
    with_first_event(self, workers, journal->store(), first_sequence, end,
                     [me](events::Event& first) { me->replay_page(first); });
  }

  void replay_page(const events::Event& first) {
    if (!first.has_feed_served()) return end.fail(errc::internal, "the first page is missing");
    const auto& served = first.feed_served();
    feed_query again;
    again.replay_ids.assign(served.video_ids().begin(), served.video_ids().end());
    again.replay_reasons.assign(served.reasons().begin(), served.reasons().end());
    self->request(*feeds.host, end.remaining(), feed_atom::value, again)
        .then(
            [end = end, next = served.next_cursor()](feed_answer& replayed) {
              replayed.cursor = next;
              end(std::move(replayed));
            },
            [end = end](caf::error& e) { end(from_caf(e)); });
  }
};

}  // namespace

feeds_module::feeds_module(node& n, const accounts_module& accounts, domain::feed_options options)
    : node_(n), users_(accounts.users()) {
  auto model = std::make_shared<projections::feed_projection>(options);
  feeds_ = n.add_projection(model, caf::message_handler{[model](feed_atom, const feed_query& q) {
                              return model->answer(q);
                            }});
  model_ = model;
}

void feeds_module::feed(const caller& who, events::FeedSource source, size_t limit,
                        std::string cursor, reply<feed_answer> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  if (limit == 0 || limit > domain::max_page_size)
    return answer(command_error{errc::invalid_limit, "limit is 1 to 50"});
  if (cursor.size() > 64 || !printable(cursor))
    return answer(command_error{errc::invalid_cursor, "the cursor is not one this feed gave out"});
  feed_query query;
  query.feed = source;
  query.page = {*parse_user(who.user_id), limit, node_.clock().now_us(), node_.clock().today(),
                cursor};
  // The viewer's daily limit, as their entity says it when the request starts.
  auto exceeded = std::make_shared<bool>(false);
  auto flagged = [answer = std::move(answer), exceeded](outcome<feed_answer> r) {
    if (!r.ok()) return answer(std::move(r));
    auto page = r.value();
    page.screen_time_exceeded = *exceeded;
    answer(std::move(page));
  };
  start_flow(node_.system(), [this, who, query, source, exceeded,
                              answer = std::move(flagged)](flow* self) {
    ending<feed_answer> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::read_feeds, end,
                    [=, this](user_facts& viewer) {
                      *exceeded = viewer.screen_time_exceeded;
                      auto f = std::make_shared<feed_flow>(self, &node_.journal(), node_.workers(),
                                                           who, feeds_, query, source, end);
                      f->run(max_feed_tries);
                    });
  });
}

}  // namespace reel::actors
