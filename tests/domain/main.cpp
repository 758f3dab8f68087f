#define BOOST_TEST_MODULE reel domain
#include <boost/test/unit_test.hpp>
