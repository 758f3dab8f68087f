#define BOOST_TEST_MODULE reel actors
#include <boost/test/unit_test.hpp>
