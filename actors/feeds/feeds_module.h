// The feeds module: pages of For You, Following, Trending and STEM, from the feeds
// projection (projections/feeds/feed_projection.h), recorded as feed_served before they
// are answered.
#pragma once

#include <memory>
#include <string>

#include "actors/core/command_types.h"
#include "actors/core/node.h"
#include "domain/feeds/feed_options.h"
#include "projections/feeds/feed_projection.h"

namespace reel::actors {

class accounts_module;

using projections::feed_answer;
using projections::feed_item;

class feeds_module {
 public:
  feeds_module(node& n, const accounts_module& accounts, domain::feed_options options = {});

  // A page for the caller, once the feeds have applied everything committed before the
  // call (so a "not interested" counts on the next page). Serving records the page
  // (feed_served) before answering; a retried request gets the page it was first given.
  // `limit` is 1 to 50.
  void feed(const caller& who, events::FeedSource feed, size_t limit, std::string cursor,
            reply<feed_answer> answer);

  const projection_handle& projection() const { return feeds_; }
  // The projection itself, for other projections' queries on the projection host.
  const std::shared_ptr<const projections::feed_projection>& model() const { return model_; }

 private:
  node& node_;
  entity_directory users_;
  projection_handle feeds_;
  std::shared_ptr<const projections::feed_projection> model_;
};

}  // namespace reel::actors
